package dev.chaosproxy.internal.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.internal.relay.LocalProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST control server on the JDK's built-in HTTP server: the Toxiproxy-compatible surface
 * and the native one on one port. Every call returns quickly, because control calls hand their
 * work to the event loops and never wait on traffic; a request that does not arrive within its
 * {@link Deadline} gets a 408 and its connection is closed, so slow clients cannot hold the
 * workers (up to {@value #MAX_WORKERS} daemon threads, which end after {@value #IDLE_SECONDS} s idle).
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  /** Request bodies above this are refused with 413: control calls are small. */
  static final int MAX_BODY = 1024 * 1024;
  /** How much of an oversized body is read (and dropped) so that the 413 reaches the client. */
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;
  /** How long a request may take to arrive, headers and body. */
  static final long REQUEST_DEADLINE_MILLIS = 10_000;
  static final int MAX_WORKERS = 16;
  static final int IDLE_SECONDS = 30;
  private static final AtomicInteger SERVERS = new AtomicInteger();

  static {
    // The JDK server writes a response's headers and body separately; with Nagle's algorithm the
    // body then waits for the client's delayed ACK, 40 ms per call. Read once, when the first
    // server of this JVM starts; a value the application set itself is kept.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer http;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timers;
  private final ThreadLocal<Deadline> deadline = new ThreadLocal<>();
  private final long deadlineMillis;
  private final Router router = new Router();
  private final byte[] token;
  private final InetSocketAddress address;

  private ApiServer(ChaosEngine engine, InetSocketAddress bind, String token, String version, long deadlineMillis) {
    if (deadlineMillis <= 0) throw new IllegalArgumentException("the request deadline must be positive: " + deadlineMillis + " ms");
    this.deadlineMillis = deadlineMillis;
    this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    String defaultHost = bind.getAddress() == null ? "127.0.0.1" : bind.getAddress().getHostAddress();
    ToxiproxyApi toxiproxy = new ToxiproxyApi(engine, defaultHost, version);
    NativeApi nativeApi = new NativeApi(engine, toxiproxy);
    toxiproxy.register(router);
    nativeApi.register(router);
    new TrixterApi(engine, nativeApi).register(router);
    new Metrics(engine).register(router);

    int n = SERVERS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "chaos-proxy-api-" + n + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    try {
      http = HttpServer.create(bind, 128);
    } catch (IOException e) {
      throw new UncheckedIOException("the control API cannot listen on " + LocalProxy.format(bind) + ": " + e.getMessage(), e);
    }
    workers = new ThreadPoolExecutor(MAX_WORKERS, MAX_WORKERS, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), factory);
    workers.allowCoreThreadTimeOut(true);
    timers = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "chaos-proxy-api-" + n + "-deadlines");
      t.setDaemon(true);
      return t;
    });
    timers.setRemoveOnCancelPolicy(true);
    http.setExecutor(exchange -> workers.execute(() -> Deadline.run(exchange, this.deadlineMillis, timers, deadline)));
    http.createContext("/", this::handle);
    http.start();
    address = http.getAddress();
  }

  /** Starts serving {@code engine}'s proxies on {@code bind}; a non-null {@code token} is required as a bearer token. */
  public static ApiServer start(ChaosEngine engine, InetSocketAddress bind, String token, String version) {
    return new ApiServer(engine, bind, token, version, REQUEST_DEADLINE_MILLIS);
  }

  /** As {@link #start(ChaosEngine, InetSocketAddress, String, String)}, with requests given {@code deadlineMillis} to arrive. */
  static ApiServer start(ChaosEngine engine, InetSocketAddress bind, String token, String version, long deadlineMillis) {
    return new ApiServer(engine, bind, token, version, deadlineMillis);
  }

  public InetSocketAddress address() {
    return address;
  }

  /** Stops at once: open exchanges are cut, the worker and dispatcher threads end. */
  @Override
  public void close() {
    http.stop(0);
    workers.shutdownNow();
    timers.shutdownNow();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) log.warn("control API workers did not stop within 5 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    long start = System.nanoTime();
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    Deadline d = deadline.get();
    Reply reply;
    try {
      reply = dispatch(ex, method, path, d);
    } catch (ApiException e) {
      reply = Reply.error(e.status(), e.getMessage());
    } catch (IllegalArgumentException e) {
      reply = Reply.error(400, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("control API: {} {} failed", method, path, e);
      reply = Reply.error(500, "internal error: " + e);
    }
    if (d != null && !d.received()) {
      // Too late: the deadline answered 408 (or cut the connection) while the request was read.
      // Thrown, so that the JDK server closes the connection and forgets it.
      throw new IOException("control API: " + method + " " + path + " did not arrive within " + Deadline.describe(deadlineMillis));
    }
    try {
      if (reply.contentType != null) ex.getResponseHeaders().set("Content-Type", reply.contentType);
      ex.sendResponseHeaders(reply.status, reply.body.length == 0 ? -1 : reply.body.length);
      if (reply.body.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(reply.body);
        }
      }
    } catch (IOException e) {
      log.debug("control API: could not answer {} {}: {}", method, path, e.getMessage());
    } finally {
      ex.close();
    }
    if (log.isDebugEnabled()) {
      log.debug("control API: {} {} -> {} in {} ms", method, path, reply.status, (System.nanoTime() - start) / 1_000_000);
    }
  }

  private Reply dispatch(HttpExchange ex, String method, String path, Deadline d) throws ApiException {
    if (token != null) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.UTF_8))) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"chaos-proxy\"");
        return Reply.error(401, auth == null
            ? "this API needs a bearer token: send the header 'Authorization: Bearer <token>'"
            : "wrong bearer token");
      }
    }
    String agent = ex.getRequestHeaders().getFirst("User-Agent");
    if (agent != null && agent.startsWith("Mozilla/")) {
      // As Toxiproxy: a web page must not drive the API from a browser (cross-site requests).
      return Reply.error(403, "User agent not allowed: the control API does not serve browsers");
    }
    Router.Match m = router.find(method, path);
    if (m == null) {
      return Reply.error(404, "no such endpoint: " + method + " " + path + " (the README lists the API)");
    }
    if (m.handler == null) {
      ex.getResponseHeaders().set("Allow", String.join(", ", m.allowed));
      return Reply.error(405, "method " + method + " is not allowed on " + path + "; allowed: " + String.join(", ", m.allowed));
    }
    if (d != null && !d.readingBody(ex)) throw new ApiException(408, "request timeout");
    byte[] body = readBody(ex);
    if (d != null && !d.received()) throw new ApiException(408, "request timeout");
    return m.handler.handle(new Call(method, m.params, ex.getRequestURI().getRawQuery(), body,
        ex.getRequestHeaders().getFirst("Accept")));
  }

  private static byte[] readBody(HttpExchange ex) {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    long declared = -1;
    if (length != null) {
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("malformed Content-Length: " + length);
      }
    }
    try (InputStream in = ex.getRequestBody()) {
      if (declared > MAX_BODY) throw tooLarge(declared, in);
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) throw tooLarge(-1, in);
      return body;
    } catch (IOException e) {
      throw ApiException.badRequest("could not read the request body: " + e.getMessage());
    }
  }

  /**
   * A 413. The unread rest of the body is read and dropped first (up to {@link #DRAIN_LIMIT}):
   * closing a socket with unread input resets it, and the client would lose the answer.
   */
  private static ApiException tooLarge(long declared, InputStream rest) throws IOException {
    long drained = 0;
    byte[] sink = new byte[64 * 1024];
    int n;
    while (drained < DRAIN_LIMIT && (n = rest.read(sink)) > 0) drained += n;
    return tooLarge(declared >= 0 ? declared : MAX_BODY + 1 + drained);
  }

  private static ApiException tooLarge(long n) {
    return new ApiException(413, "request body too large: " + (n > MAX_BODY + 1 ? n + " bytes" : "over " + MAX_BODY + " bytes")
        + "; at most " + MAX_BODY + " bytes");
  }
}
