package dev.chaosproxy.bench;

import dev.chaosproxy.internal.http.HttpListener;
import dev.chaosproxy.internal.http.HttpTracker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A micro-benchmark of what an HTTP proxy does per 256 KiB read of a response body, in process, no
 * sockets: the tracker's feed of a chunked body and its skip of a Content-Length one, the copy the
 * direct path makes before a feed, and the stage path's copy into a new array ({@code
 * Chunk.copyOf}). Prints ns per read for a few rounds (the first ones warm the JIT).
 *
 * <pre>
 * java -Xmx128m -cp benchmarks/target/chaos-proxy-benchmarks-*-all.jar dev.chaosproxy.bench.HttpTrackerBench [CHUNK_BYTES]
 * </pre>
 */
public final class HttpTrackerBench {
  private static final int READ = 256 * 1024;
  private static volatile Object sink;

  private HttpTrackerBench() {}

  public static void main(String[] args) {
    int chunk = args.length > 0 ? Integer.parseInt(args[0]) : 16 * 1024;
    byte[] chunked = chunkedBody(chunk, 64 << 20);
    ByteBuffer direct = ByteBuffer.allocateDirect(READ);
    byte[] scratch = new byte[READ];
    for (int round = 0; round < 6; round++) {
      long t0 = System.nanoTime();
      long reads = 0;
      for (int rep = 0; rep < 4; rep++) {
        HttpTracker t = tracker("Transfer-Encoding: chunked");
        for (int off = 0; off + READ <= chunked.length; off += READ) {
          t.responses().feed(chunked, off, off + READ);
          reads++;
        }
      }
      long feed = (System.nanoTime() - t0) / reads;

      HttpTracker t = tracker("Content-Length: " + (1L << 40));
      int n = 1_000_000;
      t0 = System.nanoTime();
      for (int i = 0; i < n; i++) t.responses().skip(READ);
      long skip = (System.nanoTime() - t0) / n;

      n = 20_000;
      t0 = System.nanoTime();
      for (int i = 0; i < n; i++) direct.get(0, scratch, 0, READ);
      long copy = (System.nanoTime() - t0) / n;

      t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        byte[] b = new byte[READ];
        direct.get(0, b, 0, READ);
        sink = b;
      }
      long fresh = (System.nanoTime() - t0) / n;
      long heads = exchanges(200_000);
      System.out.println(
          Stats.fmt(
              "round %d, ns per 256 KiB read: feed chunked (%d B chunks) %,d; skip Content-Length %,d;"
                  + " copy into a kept array %,d; new array + copy %,d. ns per small exchange"
                  + " (the http scenario's request head, response head and 100 B body): %,d",
              round, chunk, feed, skip, copy, fresh, heads));
    }
  }

  /** ns per keep-alive exchange of the http scenario's small GET, fed as the proxy reads it. */
  private static long exchanges(int n) {
    HttpTracker t = new HttpTracker(new HttpListener() {});
    byte[] req = HttpWire.bytes("/small");
    byte[] head =
        ascii(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + HttpUpstreamServer.SMALL_BODY.length
                + "\r\n\r\n");
    byte[] resp = new byte[head.length + HttpUpstreamServer.SMALL_BODY.length];
    System.arraycopy(head, 0, resp, 0, head.length);
    System.arraycopy(
        HttpUpstreamServer.SMALL_BODY, 0, resp, head.length, HttpUpstreamServer.SMALL_BODY.length);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      t.requests().feed(req, 0, req.length);
      t.responses().feed(resp, 0, resp.length);
    }
    return (System.nanoTime() - t0) / n;
  }

  /** A tracker that has seen a GET and the head of its 200 response with {@code framing}. */
  private static HttpTracker tracker(String framing) {
    HttpTracker t = new HttpTracker(new HttpListener() {});
    byte[] req = ascii("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
    t.requests().feed(req, 0, req.length);
    byte[] head = ascii("HTTP/1.1 200 OK\r\n" + framing + "\r\n\r\n");
    t.responses().feed(head, 0, head.length);
    return t;
  }

  /** About {@code size} bytes of chunk frames of {@code chunk} bytes each. */
  private static byte[] chunkedBody(int chunk, int size) {
    byte[] hex = ascii(Integer.toHexString(chunk) + "\r\n");
    int frame = hex.length + chunk + 2;
    int frames = Math.max(1, size / frame);
    byte[] body = new byte[frames * frame];
    for (int f = 0; f < frames; f++) {
      System.arraycopy(hex, 0, body, f * frame, hex.length);
      body[f * frame + hex.length + chunk] = '\r';
      body[f * frame + hex.length + chunk + 1] = '\n';
    }
    return body;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
