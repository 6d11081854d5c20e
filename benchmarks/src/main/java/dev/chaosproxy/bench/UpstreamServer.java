package dev.chaosproxy.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The upstream every target forwards to, run as its own JVM (so its sockets do not count against
 * the load generator's file-descriptor limit). NIO, two selector threads, one or more listening
 * ports on 127.0.0.1; the first byte of a connection picks echo, sink or source ({@link Protocol}).
 *
 * <p>Prints {@code READY ports=p1,p2,.. pid=N}, then answers stdin: {@code bytes} (total bytes sunk
 * so far, for receiver-side upload throughput), {@code conns} (open connections), {@code quit}.
 * Exits when stdin closes, so it never outlives the benchmark.
 */
public final class UpstreamServer {
  private static final int BUFFER = 256 * 1024;
  private static final int READS_PER_EVENT = 16;

  private final LongAdder sunk = new LongAdder();
  private final AtomicInteger open = new AtomicInteger();
  private final Loop[] loops;
  private final AtomicInteger nextLoop = new AtomicInteger();

  private UpstreamServer(int loopCount) throws IOException {
    loops = new Loop[loopCount];
    for (int i = 0; i < loopCount; i++) loops[i] = new Loop("upstream-loop-" + i);
  }

  public static void main(String[] args) throws Exception {
    int ports = 1;
    int loopCount = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--ports":
          ports = Integer.parseInt(args[++i]);
          break;
        case "--loops":
          loopCount = Integer.parseInt(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    UpstreamServer server = new UpstreamServer(loopCount);
    List<Integer> bound = new ArrayList<>();
    for (int i = 0; i < ports; i++) bound.add(server.listen());
    for (Loop l : server.loops) l.thread.start();
    ChildCommands.serve(
        bound,
        Map.of(
            "bytes", () -> "BYTES " + server.sunk.sum(),
            "conns", () -> "CONNS " + server.open.get()));
  }

  private int listen() throws IOException {
    ServerSocketChannel ch = ServerSocketChannel.open();
    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    ch.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
    ch.configureBlocking(false);
    loops[0].register(ch);
    return ((InetSocketAddress) ch.getLocalAddress()).getPort();
  }

  /** One selector thread. */
  private final class Loop implements Runnable {
    final Selector selector;
    final Thread thread;
    final ConcurrentLinkedQueue<java.nio.channels.SelectableChannel> pending =
        new ConcurrentLinkedQueue<>();
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER);
    final ByteBuffer sourceBuffer = ByteBuffer.allocateDirect(BUFFER);

    Loop(String name) throws IOException {
      selector = Selector.open();
      thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    void register(java.nio.channels.SelectableChannel ch) {
      pending.add(ch);
      selector.wakeup();
    }

    @Override
    public void run() {
      while (true) {
        try {
          java.nio.channels.SelectableChannel ch;
          while ((ch = pending.poll()) != null) {
            if (ch instanceof ServerSocketChannel) {
              ch.register(selector, SelectionKey.OP_ACCEPT, null);
            } else {
              ch.register(selector, SelectionKey.OP_READ, new Conn((SocketChannel) ch));
            }
          }
          selector.select();
          Iterator<SelectionKey> it = selector.selectedKeys().iterator();
          while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) continue;
            if (key.isAcceptable()) {
              accept((ServerSocketChannel) key.channel());
            } else {
              ((Conn) key.attachment()).ready(key, this);
            }
          }
        } catch (IOException | RuntimeException e) {
          System.err.println("upstream loop error: " + e);
        }
      }
    }

    private void accept(ServerSocketChannel server) {
      for (int i = 0; i < 256; i++) {
        SocketChannel ch;
        try {
          ch = server.accept();
          if (ch == null) return;
          ch.configureBlocking(false);
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
          System.err.println("upstream accept failed: " + e);
          return;
        }
        open.incrementAndGet();
        Loop target = loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
        if (target == this) {
          try {
            ch.register(selector, SelectionKey.OP_READ, new Conn(ch));
          } catch (IOException e) {
            closeQuietly(ch);
          }
        } else {
          target.register(ch);
        }
      }
    }
  }

  /** One accepted connection. */
  private final class Conn {
    final SocketChannel ch;
    byte mode;
    ByteBuffer pendingEcho;
    boolean closed;

    Conn(SocketChannel ch) {
      this.ch = ch;
    }

    void ready(SelectionKey key, Loop loop) {
      try {
        if (key.isWritable()) onWritable(key, loop);
        if (!closed && key.isValid() && key.isReadable()) onReadable(key, loop);
      } catch (IOException e) {
        close(key);
      }
    }

    private void onReadable(SelectionKey key, Loop loop) throws IOException {
      ByteBuffer buf = loop.readBuffer;
      for (int i = 0; i < READS_PER_EVENT; i++) {
        buf.clear();
        int n = ch.read(buf);
        if (n < 0) {
          close(key);
          return;
        }
        if (n == 0) return;
        buf.flip();
        if (mode == 0) {
          mode = buf.get();
          if (mode == Protocol.SOURCE) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          } else if (mode != Protocol.ECHO && mode != Protocol.SINK) {
            close(key);
            return;
          }
        }
        if (mode == Protocol.SINK) {
          sunk.add(buf.remaining());
        } else if (mode == Protocol.ECHO && buf.hasRemaining()) {
          ch.write(buf);
          if (buf.hasRemaining()) {
            pendingEcho = ByteBuffer.allocate(buf.remaining());
            pendingEcho.put(buf).flip();
            key.interestOps(SelectionKey.OP_WRITE); // stop reading until the echo is out
            return;
          }
        }
        if (n < buf.capacity()) return;
      }
    }

    private void onWritable(SelectionKey key, Loop loop) throws IOException {
      if (mode == Protocol.ECHO && pendingEcho != null) {
        ch.write(pendingEcho);
        if (!pendingEcho.hasRemaining()) {
          pendingEcho = null;
          key.interestOps(SelectionKey.OP_READ);
        }
      } else if (mode == Protocol.SOURCE) {
        ByteBuffer src = loop.sourceBuffer;
        for (int i = 0; i < READS_PER_EVENT; i++) {
          src.clear();
          ch.write(src);
          if (src.hasRemaining()) return;
        }
      }
    }

    private void close(SelectionKey key) {
      if (closed) return;
      closed = true;
      open.decrementAndGet();
      key.cancel();
      closeQuietly(ch);
    }
  }

  private static void closeQuietly(java.nio.channels.Channel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // going away anyway
    }
  }
}
