package dev.chaosproxy.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP/1.1 upstream of the {@code http} scenario, run as its own JVM: a keep-alive server with
 * one blocking thread per connection (the scenario uses one connection at a time, so a blocking
 * read is the quickest answer), direct buffers, one write per small answer.
 *
 * <ul>
 *   <li>{@code GET /small}: 200, {@code Content-Length: 100}, a 100-byte body ({@link #SMALL_BODY})
 *   <li>{@code GET /bulk?n=BYTES}: 200, {@code Content-Length: BYTES}, the body from a pre-filled
 *       256 KiB buffer
 *   <li>{@code GET /chunked?n=BYTES&chunk=C}: 200, {@code Transfer-Encoding: chunked}, chunks of C
 *       bytes (the last one shorter), frames pre-built so that a write carries many of them
 *   <li>anything else: 404 with an empty body
 * </ul>
 *
 * <p>Request bodies are not read (the scenario sends none). Prints {@code READY ports=p1,p2,..
 * pid=N}, then answers stdin: {@code requests} (requests answered so far), {@code quit}. Exits when
 * stdin closes.
 */
public final class HttpUpstreamServer {
  /** The body of {@code GET /small}: 100 bytes, the same every time, checked by the client. */
  static final byte[] SMALL_BODY = smallBody();

  private static final int BULK_BUFFER = 256 * 1024;
  private static final int MAX_HEAD = 16 * 1024;
  private static final byte[] NOT_FOUND =
      ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final ByteBuffer smallAnswer;

  private HttpUpstreamServer() {
    byte[] head =
        ascii(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + SMALL_BODY.length
                + "\r\n\r\n");
    smallAnswer = ByteBuffer.allocateDirect(head.length + SMALL_BODY.length);
    smallAnswer.put(head).put(SMALL_BODY).flip();
  }

  public static void main(String[] args) throws Exception {
    int ports = 1;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--ports")) ports = Integer.parseInt(args[++i]);
      else throw new IllegalArgumentException("unknown argument " + args[i]);
    }
    HttpUpstreamServer server = new HttpUpstreamServer();
    List<Integer> bound = new ArrayList<>();
    for (int i = 0; i < ports; i++) bound.add(server.listen(i));
    ChildCommands.serve(
        bound,
        Map.of(
            "requests", () -> "REQUESTS " + server.requests.get() + " open=" + server.open.get()));
  }

  private int listen(int index) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
    Thread t =
        new Thread(
            () -> {
              while (true) {
                try {
                  SocketChannel ch = server.accept();
                  ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                  Thread c = new Thread(() -> serve(ch), "http-upstream-conn");
                  c.setDaemon(true);
                  c.start();
                } catch (IOException e) {
                  System.err.println("http upstream accept failed: " + e);
                  return;
                }
              }
            },
            "http-upstream-accept-" + index);
    t.setDaemon(true);
    t.start();
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  /** One keep-alive connection: request heads in, answers out, until the client closes. */
  private void serve(SocketChannel ch) {
    open.incrementAndGet();
    ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
    ByteBuffer bulk = ByteBuffer.allocateDirect(BULK_BUFFER);
    for (int i = 0; i < BULK_BUFFER; i++) bulk.put(i, (byte) ('a' + i % 26));
    ChunkFrames frames = null;
    try {
      while (true) {
        int end = headEnd(in);
        while (end < 0) {
          if (!in.hasRemaining()) throw new IOException("request head over " + MAX_HEAD + " B");
          if (ch.read(in) < 0) return; // the client closed between requests
          end = headEnd(in);
        }
        String target = requestTarget(in.array(), end);
        requests.incrementAndGet();
        // keep any pipelined bytes after this head
        int total = in.position();
        System.arraycopy(in.array(), end, in.array(), 0, total - end);
        in.position(total - end);

        if (target.equals("/small")) {
          smallAnswer.rewind();
          writeFully(ch, smallAnswer);
        } else if (target.startsWith("/bulk?")) {
          long n = param(target, "n");
          writeFully(ch, ByteBuffer.wrap(ascii(okHead("Content-Length: " + n))));
          for (long left = n; left > 0; ) {
            bulk.clear();
            if (left < BULK_BUFFER) bulk.limit((int) left);
            left -= bulk.remaining();
            writeFully(ch, bulk);
          }
        } else if (target.startsWith("/chunked?")) {
          long n = param(target, "n");
          int chunk = (int) param(target, "chunk");
          if (frames == null || frames.chunk != chunk) frames = new ChunkFrames(chunk);
          writeFully(ch, ByteBuffer.wrap(ascii(okHead("Transfer-Encoding: chunked"))));
          frames.write(ch, n);
        } else {
          writeFully(ch, ByteBuffer.wrap(NOT_FOUND));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or sent something this server does not speak: drop the connection
    } finally {
      open.decrementAndGet();
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private static String okHead(String framing) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n" + framing + "\r\n\r\n";
  }

  /**
   * Pre-built chunk frames ({@code size CRLF data CRLF}) of one chunk size, enough of them to fill
   * about 256 KiB, so that a long chunked body goes out in big writes.
   */
  private static final class ChunkFrames {
    final int chunk;
    final int frameSize;
    final int perBlock;
    final ByteBuffer block;

    ChunkFrames(int chunk) {
      if (chunk < 1 || chunk > BULK_BUFFER)
        throw new IllegalArgumentException("chunk is 1.." + BULK_BUFFER + " bytes, was " + chunk);
      this.chunk = chunk;
      byte[] header = ascii(Integer.toHexString(chunk) + "\r\n");
      frameSize = header.length + chunk + 2;
      perBlock = Math.max(1, BULK_BUFFER / frameSize);
      block = ByteBuffer.allocateDirect(perBlock * frameSize);
      for (int f = 0; f < perBlock; f++) {
        block.put(header);
        for (int i = 0; i < chunk; i++) block.put((byte) ('a' + i % 26));
        block.put((byte) '\r').put((byte) '\n');
      }
      block.flip();
    }

    /** {@code n} body bytes as chunks, then the last chunk (no trailers). */
    void write(SocketChannel ch, long n) throws IOException {
      long frames = n / chunk;
      while (frames > 0) {
        int k = (int) Math.min(frames, perBlock);
        block.clear().limit(k * frameSize);
        writeFully(ch, block);
        frames -= k;
      }
      int rest = (int) (n % chunk);
      StringBuilder tail = new StringBuilder();
      if (rest > 0) {
        tail.append(Integer.toHexString(rest)).append("\r\n");
        for (int i = 0; i < rest; i++) tail.append((char) ('a' + i % 26));
        tail.append("\r\n");
      }
      tail.append("0\r\n\r\n");
      writeFully(ch, ByteBuffer.wrap(ascii(tail.toString())));
    }
  }

  /** The index just after the head's blank line in {@code in} (written up to position), or -1. */
  private static int headEnd(ByteBuffer in) {
    byte[] a = in.array();
    for (int i = 3; i < in.position(); i++) {
      if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') return i + 1;
    }
    return -1;
  }

  /** The target of a {@code GET target HTTP/1.1} request line; other methods are refused. */
  private static String requestTarget(byte[] head, int end) throws IOException {
    int lineEnd = 0;
    while (lineEnd < end && head[lineEnd] != '\r') lineEnd++;
    String line = new String(head, 0, lineEnd, StandardCharsets.US_ASCII);
    String[] w = line.split(" ");
    if (w.length != 3 || !w[0].equals("GET") || !w[2].startsWith("HTTP/1."))
      throw new IOException("not a GET request line: " + line);
    return w[1];
  }

  /** A positive number from the query, e.g. {@code n} of {@code /bulk?n=1000}. */
  private static long param(String target, String name) {
    String query = target.substring(target.indexOf('?') + 1);
    for (String kv : query.split("&")) {
      if (kv.startsWith(name + "=")) {
        long v = Long.parseLong(kv.substring(name.length() + 1));
        if (v < 0) throw new IllegalArgumentException(name + " must be >= 0, was " + v);
        return v;
      }
    }
    throw new IllegalArgumentException("query parameter " + name + " missing in " + target);
  }

  static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.write(b) < 0) throw new EOFException("closed");
    }
  }

  private static byte[] smallBody() {
    byte[] b = new byte[100];
    for (int i = 0; i < b.length - 1; i++) b[i] = (byte) ('A' + i % 26);
    b[b.length - 1] = '\n';
    return b;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
