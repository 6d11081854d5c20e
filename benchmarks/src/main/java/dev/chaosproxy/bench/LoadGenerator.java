package dev.chaosproxy.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client side of every scenario, the same code for every target: blocking NIO socket channels
 * with direct buffers and a few threads. Every socket is put in a {@link SocketRegistry} so that a
 * watchdog can unblock it.
 */
final class LoadGenerator {
  static final int BULK_BUFFER = 256 * 1024;

  private LoadGenerator() {}

  /** Connects with TCP_NODELAY and sends the mode byte. */
  static SocketChannel open(InetSocketAddress address, byte mode, SocketRegistry sockets)
      throws IOException {
    SocketChannel ch = sockets.add(SocketChannel.open());
    try {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.connect(address);
      writeFully(ch, ByteBuffer.wrap(new byte[] {mode}));
      return ch;
    } catch (IOException | RuntimeException e) {
      sockets.closeAndRemove(ch);
      throw e;
    }
  }

  static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) ch.write(b);
  }

  static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0)
        throw new EOFException(
            "the connection closed after " + b.position() + " of " + b.limit() + " bytes");
    }
  }

  // ---- bulk ----

  /**
   * {@code streams} connections moving bytes as fast as they can: {@link Protocol#SINK} writes
   * (client → server; the server counts), {@link Protocol#SOURCE} reads (server → client; counted
   * here in {@link #received()}).
   */
  static final class BulkTransfer implements AutoCloseable {
    private final List<SocketChannel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final LongAdder received = new LongAdder();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private volatile boolean stopping;

    static BulkTransfer start(
        InetSocketAddress address, byte mode, int streams, SocketRegistry sockets)
        throws IOException {
      BulkTransfer t = new BulkTransfer();
      try {
        for (int i = 0; i < streams; i++) t.channels.add(open(address, mode, sockets));
      } catch (IOException | RuntimeException e) {
        t.close();
        throw e;
      }
      for (int i = 0; i < streams; i++) {
        SocketChannel ch = t.channels.get(i);
        Thread th = new Thread(() -> t.pump(ch, mode), "bulk-" + (char) mode + "-" + i);
        th.setDaemon(true);
        t.threads.add(th);
        th.start();
      }
      return t;
    }

    private void pump(SocketChannel ch, byte mode) {
      ByteBuffer buf = ByteBuffer.allocateDirect(BULK_BUFFER);
      try {
        if (mode == Protocol.SINK) {
          while (!stopping) {
            buf.clear();
            while (buf.hasRemaining() && !stopping) ch.write(buf);
          }
        } else {
          while (!stopping) {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) throw new EOFException("the server side closed the stream");
            received.add(n);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!stopping) error.compareAndSet(null, e);
      }
    }

    long received() {
      return received.sum();
    }

    /** Throws if a stream failed. */
    void check() throws IOException {
      Throwable e = error.get();
      if (e != null) throw new IOException("a stream failed: " + e, e);
    }

    @Override
    public void close() {
      stopping = true;
      for (SocketChannel ch : channels) SocketRegistry.closeQuietly(ch);
      for (Thread t : threads) {
        try {
          t.join(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  // ---- request/response ----

  /**
   * Round-trip times (ns) of {@code count} ping-pongs of {@code size} bytes, after {@code warmup},
   * over one connection.
   */
  static long[] pingPong(
      InetSocketAddress address, int warmup, int count, int size, SocketRegistry sockets)
      throws IOException {
    SocketChannel ch = open(address, Protocol.ECHO, sockets);
    try {
      ByteBuffer out = ByteBuffer.allocateDirect(size);
      ByteBuffer in = ByteBuffer.allocateDirect(size);
      for (int i = 0; i < size; i++) out.put(i, (byte) i);
      long[] rtts = new long[count];
      for (int i = 0; i < warmup + count; i++) {
        out.clear();
        in.clear();
        long t0 = System.nanoTime();
        writeFully(ch, out);
        readFully(ch, in);
        long t1 = System.nanoTime();
        if (i >= warmup) rtts[i - warmup] = t1 - t0;
      }
      if (in.get(size - 1) != (byte) (size - 1))
        throw new IOException("the echo came back altered");
      return rtts;
    } finally {
      sockets.closeAndRemove(ch);
    }
  }

  // ---- connections per second ----

  /** Counts of a connect-rate run, read while it goes. */
  static final class ConnectLoop implements AutoCloseable {
    final AtomicLong completed = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicReference<String> firstError = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    /**
     * {@code threads} clients each: connect, send 32 bytes, read the 32-byte echo, close; again.
     */
    static ConnectLoop start(InetSocketAddress address, int threads, SocketRegistry sockets) {
      ConnectLoop loop = new ConnectLoop();
      for (int i = 0; i < threads; i++) {
        Thread t = new Thread(() -> loop.run(address, sockets), "connect-" + i);
        t.setDaemon(true);
        loop.threads.add(t);
        t.start();
      }
      return loop;
    }

    private void run(InetSocketAddress address, SocketRegistry sockets) {
      ByteBuffer request = ByteBuffer.allocateDirect(33);
      request.put(Protocol.ECHO);
      for (int i = 0; i < 32; i++) request.put((byte) ('a' + i % 26));
      ByteBuffer reply = ByteBuffer.allocateDirect(32);
      while (!stopping && !sockets.isClosed()) {
        SocketChannel ch = null;
        try {
          ch = sockets.add(SocketChannel.open());
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
          ch.connect(address);
          request.clear();
          writeFully(ch, request);
          reply.clear();
          readFully(ch, reply);
          sockets.closeAndRemove(ch);
          ch = null;
          completed.incrementAndGet();
        } catch (IOException | RuntimeException e) {
          if (stopping || sockets.isClosed()) break;
          errors.incrementAndGet();
          firstError.compareAndSet(null, e.toString());
          if (errors.get() > 1000) break; // something is badly wrong; the scenario reports it
        } finally {
          if (ch != null) sockets.closeAndRemove(ch);
        }
      }
    }

    @Override
    public void close() {
      stopping = true;
      for (Thread t : threads) {
        try {
          t.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  // ---- many idle connections ----

  /** Connections opened, each with one 8-byte round trip done, then held open. */
  static final class IdleConnections implements AutoCloseable {
    final List<SocketChannel> channels = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong failed = new AtomicLong();
    final AtomicReference<String> firstError = new AtomicReference<>();
    private final SocketRegistry sockets;

    private IdleConnections(SocketRegistry sockets) {
      this.sockets = sockets;
    }

    /**
     * Opens {@code count} connections with {@code threads} threads; returns when all are up or
     * failed.
     */
    static IdleConnections open(
        InetSocketAddress address, int count, int threads, SocketRegistry sockets)
        throws InterruptedException {
      IdleConnections idle = new IdleConnections(sockets);
      AtomicInteger next = new AtomicInteger();
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Thread t =
            new Thread(
                () -> {
                  while (next.getAndIncrement() < count && !sockets.isClosed()) {
                    try {
                      SocketChannel ch = LoadGenerator.open(address, Protocol.ECHO, sockets);
                      idle.channels.add(ch);
                      roundTrip(ch);
                    } catch (IOException | RuntimeException e) {
                      idle.failed.incrementAndGet();
                      idle.firstError.compareAndSet(null, e.toString());
                    }
                  }
                },
                "idle-open-" + i);
        t.setDaemon(true);
        workers.add(t);
        t.start();
      }
      for (Thread t : workers) t.join();
      return idle;
    }

    /** One 8-byte round trip on every {@code every}-th connection; returns how many answered. */
    int check(int every) {
      int ok = 0;
      List<SocketChannel> copy;
      synchronized (channels) {
        copy = new ArrayList<>(channels);
      }
      for (int i = 0; i < copy.size(); i += every) {
        try {
          roundTrip(copy.get(i));
          ok++;
        } catch (IOException | RuntimeException e) {
          firstError.compareAndSet(null, "check: " + e);
        }
      }
      return ok;
    }

    static int checkCount(int size, int every) {
      return size == 0 ? 0 : (size - 1) / every + 1;
    }

    private static void roundTrip(SocketChannel ch) throws IOException {
      ByteBuffer out =
          ByteBuffer.wrap("12345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      writeFully(ch, out);
      ByteBuffer in = ByteBuffer.allocate(8);
      readFully(ch, in);
    }

    @Override
    public void close() {
      synchronized (channels) {
        for (SocketChannel ch : channels) sockets.closeAndRemove(ch);
        channels.clear();
      }
    }
  }
}
