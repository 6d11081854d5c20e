package dev.chaosproxy.internal.api.http;

import dev.chaosproxy.internal.loop.EventLoop;
import dev.chaosproxy.internal.loop.IoHandler;
import dev.chaosproxy.internal.loop.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on one event loop: requests are read without holding a thread, so no
 * number of slow, half-sent or idle connections keeps a complete request waiting; only complete
 * requests reach the worker threads that run the {@link Handler}. Each part of a request has its
 * deadline and size limit ({@link Limits}); past the connection cap the oldest idle connection is
 * closed. Every answer the server makes itself is a JSON error, like the handler's.
 */
public final class Server implements AutoCloseable {
  private static final AtomicInteger SERVERS = new AtomicInteger();
  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  /**
   * How long a closing connection's unread input is drained, so that its answer is not lost to a
   * reset.
   */
  private static final long LINGER_NANOS = Duration.ofSeconds(1).toNanos();

  /** After a failed accept (no file descriptors left, say), how long before accepting again. */
  private static final long ACCEPT_PAUSE_NANOS = Duration.ofMillis(100).toNanos();

  private static final int ACCEPTS_PER_EVENT = 64;
  private static final int READ_BUFFER = 16 * 1024;

  /** Answers one complete request; runs on a worker thread, never on the loop. */
  public interface Handler {
    Response handle(Request request);
  }

  private final ServerSocketChannel listener;
  private final Handler handler;
  private final Limits limits;
  private final EventLoop loop;
  private final ThreadPoolExecutor workers;
  private final InetSocketAddress address;

  /** Open connections, oldest first. Loop thread only. */
  private final Set<Exchange> open = new LinkedHashSet<>();

  private SelectionKey acceptKey;
  private volatile boolean closed;

  private Server(ServerSocketChannel listener, Handler handler, Limits limits, int maxWorkers)
      throws IOException {
    this.listener = listener;
    this.handler = handler;
    this.limits = limits;
    this.address = (InetSocketAddress) listener.getLocalAddress();
    int n = SERVERS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    workers =
        new ThreadPoolExecutor(
            maxWorkers,
            maxWorkers,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t =
                  new Thread(r, "chaos-proxy-api-" + n + "-worker-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    workers.allowCoreThreadTimeOut(true);
    listener.configureBlocking(false);
    loop = new EventLoop("chaos-proxy-api-" + n, READ_BUFFER);
  }

  /**
   * Serves {@code handler} on {@code listener}, an already bound socket (bound early, its backlog
   * holds connections that arrive before this). Closing the server closes it.
   */
  public static Server start(
      ServerSocketChannel listener, Handler handler, Limits limits, int maxWorkers) {
    Server s;
    try {
      s = new Server(listener, handler, limits, maxWorkers);
    } catch (IOException e) {
      throw new UncheckedIOException("the control API cannot use its socket: " + e.getMessage(), e);
    }
    try {
      s.loop.call(
          () ->
              s.acceptKey =
                  listener.register(s.loop.selector(), SelectionKey.OP_ACCEPT, s.new Acceptor()));
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  public InetSocketAddress address() {
    return address;
  }

  /**
   * Stops taking requests, lets the ones running finish within {@code within} so that their answers
   * go out, then {@link #close() closes}.
   */
  public void close(Duration within) {
    workers.shutdown();
    try {
      workers.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close(); // the answers were queued on the loop before this
  }

  /** Stops at once: the socket and every connection close, the threads end. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      loop.call(
          () -> {
            for (Exchange e : new ArrayList<>(open)) e.close();
            listener.close();
            loop.flushClosedChannels();
            return null;
          });
    } catch (RuntimeException e) {
      Log.LOG.debug("control API: closing its loop failed", e);
      try {
        listener.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    loop.shutdown();
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS))
        Log.LOG.warn("control API workers did not stop within 5 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How many connections are open now; for tests. */
  int connections() {
    return loop.call(open::size);
  }

  private final class Acceptor implements IoHandler {
    @Override
    public void ready(SelectionKey key, int readyOps) {
      for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
        SocketChannel ch;
        try {
          ch = listener.accept();
        } catch (IOException e) {
          // Most likely out of file descriptors: pause instead of spinning on a ready socket.
          Log.LOG.warn(
              "control API: cannot accept a connection ({}); trying again in {} ms",
              e.getMessage(),
              ACCEPT_PAUSE_NANOS / 1_000_000);
          key.interestOps(0);
          loop.schedule(
              loop.nanoTime() + ACCEPT_PAUSE_NANOS,
              () -> {
                if (key.isValid()) key.interestOps(SelectionKey.OP_ACCEPT);
              });
          return;
        }
        if (ch == null) return;
        accepted(ch);
      }
    }

    @Override
    public void failed(Throwable error) {
      Log.LOG.warn("control API: accepting failed", error);
    }
  }

  private void accepted(SocketChannel ch) {
    try {
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException e) {
      closeQuietly(ch);
      return;
    }
    if (open.size() >= limits.maxConnections() && !evictOne()) {
      // Every connection is being answered: this one gets a 503 (best effort) and is closed.
      try {
        ch.write(
            ByteBuffer.wrap(
                Response.error(
                        503,
                        "the control API has "
                            + open.size()
                            + " connections being answered; try again")
                    .encode(false, true)));
      } catch (IOException ignored) {
        // closing anyway
      }
      closeQuietly(ch);
      return;
    }
    Exchange e = new Exchange(ch);
    try {
      e.key = ch.register(loop.selector(), SelectionKey.OP_READ, e);
    } catch (ClosedChannelException ex) {
      closeQuietly(ch);
      return;
    }
    open.add(e);
    e.idle();
  }

  /**
   * Closes the connection that matters least: the oldest idle, else the oldest still sending a
   * request.
   */
  private boolean evictOne() {
    Exchange victim = null;
    for (State wanted : new State[] {State.LINGERING, State.IDLE, State.READING}) {
      for (Exchange e : open) {
        if (e.state == wanted && (victim == null || e.since - victim.since < 0)) victim = e;
      }
      if (victim != null) break;
    }
    if (victim == null) return false;
    Log.LOG.debug(
        "control API: at {} connections, closing the oldest {} one", open.size(), victim.state);
    victim.close();
    return true;
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing more to do
    }
  }

  private enum State {
    IDLE,
    READING,
    WORKING,
    WRITING,
    LINGERING,
    CLOSED
  }

  /**
   * One client connection: reads requests, hands complete ones to a worker, writes the answers.
   * Loop thread only.
   */
  private final class Exchange implements IoHandler {
    final SocketChannel channel;
    SelectionKey key;
    final RequestParser parser = new RequestParser(limits);
    State state = State.IDLE;

    /** nanoTime when the current state began: for eviction and the deadlines. */
    long since;

    Timer timer;
    long deadlineAt;
    Runnable onDeadline;
    ByteBuffer out;

    /** Bytes of pipelined requests that arrived with an earlier one. */
    ByteBuffer pending;

    boolean closeAfterWrite;
    boolean inputEnded;

    Exchange(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public void ready(SelectionKey key, int readyOps) {
      if ((readyOps & SelectionKey.OP_WRITE) != 0) onWritable();
      if ((readyOps & SelectionKey.OP_READ) != 0 && state != State.CLOSED) onReadable();
    }

    @Override
    public void failed(Throwable error) {
      Log.LOG.warn("control API: a connection failed", error);
      close();
    }

    void idle() {
      state = State.IDLE;
      since = loop.nanoTime();
      arm(limits.idleTimeout(), this::close);
      interest(SelectionKey.OP_READ);
    }

    private void onReadable() {
      ByteBuffer buf = loop.readBuffer();
      buf.clear();
      int n;
      try {
        n = channel.read(buf);
      } catch (IOException e) {
        close();
        return;
      }
      if (n < 0) {
        inputEnded = true;
        // A client may end its side after a whole request and still read the answer.
        if (state == State.WORKING || state == State.WRITING)
          interest(state == State.WRITING ? SelectionKey.OP_WRITE : 0);
        else close();
        return;
      }
      if (n == 0 || state == State.LINGERING) return;
      buf.flip();
      feed(buf);
    }

    /** Parses what arrived; at most one request at a time is answered, the rest waits. */
    private void feed(ByteBuffer in) {
      while (in.hasRemaining() && (state == State.IDLE || state == State.READING)) {
        boolean wasStarted = parser.started();
        boolean wasBody = parser.readingBody();
        Request r;
        try {
          r = parser.parse(in);
        } catch (HttpError e) {
          answer(Response.error(e.status(), e.getMessage()), false, true);
          return;
        }
        if (r == null) {
          if (!wasStarted && parser.started()) {
            state = State.READING;
            since = loop.nanoTime();
            arm(limits.headerTimeout(), () -> timedOut("headers", limits.headerTimeout()));
          }
          if (!wasBody && parser.readingBody()) {
            arm(limits.bodyTimeout(), () -> timedOut("body", limits.bodyTimeout()));
            if (parser.takeExpectContinue() && !writeContinue()) return;
          }
          continue;
        }
        if (in.hasRemaining()) {
          ByteBuffer rest = ByteBuffer.allocate(in.remaining());
          rest.put(in).flip();
          pending = rest;
        }
        dispatch(r);
        return;
      }
    }

    private boolean writeContinue() {
      ByteBuffer b = ByteBuffer.wrap(CONTINUE);
      try {
        channel.write(b);
      } catch (IOException e) {
        close();
        return false;
      }
      if (b.hasRemaining()) {
        close(); // a client that does not read 25 bytes is not waiting for them
        return false;
      }
      return true;
    }

    private void timedOut(String what, Duration limit) {
      answer(
          Response.error(
              408, "the request " + what + " did not arrive within " + limit.toMillis() + " ms"),
          false,
          true);
    }

    private void dispatch(Request r) {
      state = State.WORKING;
      since = loop.nanoTime();
      cancelTimer();
      interest(0);
      boolean head = r.method().equals("HEAD");
      boolean keepAlive = r.keepAlive();
      try {
        workers.execute(
            () -> {
              Response resp;
              try {
                resp = handler.handle(r);
              } catch (Throwable t) {
                Log.LOG.warn("control API: {} failed", r, t);
                resp = Response.error(500, "internal error: " + t);
              }
              Response answer = resp;
              loop.execute(() -> answer(answer, head, !keepAlive));
            });
      } catch (RejectedExecutionException e) {
        close(); // the server is closing
      }
    }

    /** Writes {@code resp}; with {@code close}, the connection ends after it. */
    void answer(Response resp, boolean head, boolean close) {
      if (state == State.CLOSED) return;
      closeAfterWrite = close || inputEnded || closed;
      out = ByteBuffer.wrap(resp.encode(head, closeAfterWrite));
      state = State.WRITING;
      since = loop.nanoTime();
      arm(limits.writeTimeout(), this::close);
      onWritable();
    }

    private void onWritable() {
      if (state != State.WRITING) return;
      try {
        channel.write(out);
      } catch (IOException e) {
        close();
        return;
      }
      if (out.hasRemaining()) {
        interest(SelectionKey.OP_WRITE);
        return;
      }
      out = null;
      if (closeAfterWrite) {
        linger();
        return;
      }
      idle();
      ByteBuffer p = pending;
      pending = null;
      if (p != null) {
        feed(p);
        if (p.hasRemaining() && pending == null) pending = p;
      }
    }

    /** Ends our side, then reads and drops the client's until it closes (or a second passes). */
    private void linger() {
      pending = null;
      try {
        channel.shutdownOutput();
      } catch (IOException e) {
        close();
        return;
      }
      if (inputEnded) {
        close();
        return;
      }
      state = State.LINGERING;
      since = loop.nanoTime();
      arm(Duration.ofNanos(LINGER_NANOS), this::close);
      interest(SelectionKey.OP_READ);
    }

    /**
     * Sets the one deadline this connection has now. One timer serves it: moving the deadline later
     * (a keep-alive connection's next idle period, say) does not add another to the loop's timer
     * queue; the timer, when it fires early, sets itself for the new deadline.
     */
    private void arm(Duration after, Runnable action) {
      deadlineAt = loop.nanoTime() + after.toNanos();
      onDeadline = action;
      if (timer == null || timer.deadline() - deadlineAt > 0) {
        if (timer != null) timer.cancel();
        timer = loop.schedule(deadlineAt, this::deadline);
      }
    }

    private void deadline() {
      timer = null;
      Runnable action = onDeadline;
      if (action == null || state == State.CLOSED) return;
      if (deadlineAt - loop.nanoTime() > 0) {
        timer = loop.schedule(deadlineAt, this::deadline);
        return;
      }
      onDeadline = null;
      action.run();
    }

    private void cancelTimer() {
      onDeadline = null;
    }

    private void interest(int ops) {
      if (key.isValid()) key.interestOps(ops);
    }

    void close() {
      if (state == State.CLOSED) return;
      state = State.CLOSED;
      cancelTimer();
      if (timer != null) timer.cancel();
      timer = null;
      open.remove(this);
      key.cancel();
      closeQuietly(channel);
    }
  }

  /** The logger, made on first use: the control API starts before logging is configured. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(Server.class);
  }
}
