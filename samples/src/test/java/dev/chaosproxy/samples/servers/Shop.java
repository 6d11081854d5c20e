package dev.chaosproxy.samples.servers;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The HTTP samples' upstream: a small Javalin (Jetty 12) shop on a free port of 127.0.0.1, the kind
 * of service a user runs. It counts what it did, so that a test can tell "the server did the work"
 * from "the client heard about it":
 *
 * <ul>
 *   <li>{@code GET /quotes/{id}}: a small JSON quote;
 *   <li>{@code POST /payments}, {@code POST /orders}: records the body, answers 201;
 *   <li>{@code GET /files/{bytes}}: {@link #file(int) that many bytes} with a Content-Length;
 *   <li>{@code GET /stream/{bytes}}: the same bytes, chunked, flushed {@value #CHUNK} at a time;
 *   <li>{@code GET /headers}: the request's headers as text, with {@code ETag} and {@code
 *       X-Backend} on the answer.
 * </ul>
 *
 * Compression is off: the bytes a client reads are the bytes the handler wrote.
 */
public final class Shop implements AutoCloseable {
  /** The piece size of {@code /stream}: each piece is one chunk on the wire. */
  public static final int CHUNK = 1_000;

  /** A request as the shop's handler saw it: {@code "POST /payments"}, and when it began. */
  public record Arrival(String request, long nanoTime) {}

  private final Map<String, AtomicLong> hits = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> payments = new ConcurrentLinkedQueue<>();
  private final Javalin app;

  private Shop() {
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.compressionStrategy = CompressionStrategy.NONE;
      config.routes.before(ctx -> {
        String request = ctx.method() + " " + ctx.path();
        arrivals.add(new Arrival(request, System.nanoTime()));
        hits.computeIfAbsent(request, k -> new AtomicLong()).incrementAndGet();
      });
      config.routes.get("/quotes/{id}", ctx -> ctx.contentType("application/json")
          .result("{\"id\":\"" + ctx.pathParam("id") + "\",\"quote\":\"Everything fails, all the time.\"}"));
      config.routes.post("/payments", ctx -> {
        payments.add(ctx.body());
        ctx.status(201).contentType("application/json").result("{\"payment\":" + payments.size() + "}");
      });
      config.routes.post("/orders", ctx -> ctx.status(201).result("ordered"));
      config.routes.get("/files/{bytes}", ctx -> {
        byte[] body = file(Integer.parseInt(ctx.pathParam("bytes")));
        ctx.contentType("application/octet-stream");
        ctx.res().setContentLengthLong(body.length);
        write(ctx, body, body.length);
      });
      config.routes.get("/stream/{bytes}", ctx -> {
        byte[] body = file(Integer.parseInt(ctx.pathParam("bytes")));
        ctx.contentType("application/octet-stream");                 // no length: Jetty sends it chunked
        write(ctx, body, CHUNK);
      });
      config.routes.get("/headers", ctx -> {
        String headers = ctx.headerMap().entrySet().stream()
            .map(h -> h.getKey().toLowerCase() + ": " + h.getValue())
            .sorted()
            .collect(Collectors.joining("\n"));
        ctx.header("ETag", "\"v1\"").header("X-Backend", "shop").result(headers);
      });
    });
    app.start("127.0.0.1", 0);
  }

  /** Starts a shop and returns once it listens. */
  public static Shop start() {
    return new Shop();
  }

  /** The bytes {@code /files/{n}} and {@code /stream/{n}} answer: the same {@code n} pseudo-random bytes each time. */
  public static byte[] file(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }

  private static void write(Context ctx, byte[] body, int piece) throws IOException {
    OutputStream out = ctx.res().getOutputStream();                // the servlet's own: a flush sends what was written
    for (int i = 0; i < body.length; i += piece) {
      out.write(body, i, Math.min(piece, body.length - i));
      out.flush();
    }
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return app.port();
  }

  /** How many times the handler of {@code request} ({@code "POST /payments"}) ran. */
  public long hits(String request) {
    AtomicLong count = hits.get(request);
    return count == null ? 0 : count.get();
  }

  /** Every request's handler run, in order. */
  public List<Arrival> arrivals() {
    return new ArrayList<>(arrivals);
  }

  /** The bodies of the payments the shop processed, in order. */
  public List<String> payments() {
    return new ArrayList<>(payments);
  }

  /** Forgets what it counted (before each test). */
  void reset() {
    hits.clear();
    arrivals.clear();
    payments.clear();
  }

  @Override
  public void close() {
    app.stop();
  }

  @Override
  public String toString() {
    return "Shop at " + host() + ":" + port() + " " + new TreeMap<>(hits);
  }
}
