package dev.chaosproxy.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 upstream for the HTTP fault tests: the JDK's server with a few routes, counting
 * the requests each path got. {@code /hello} says hello, {@code /bytes?n=N} sends N bytes with a
 * Content-Length, {@code /chunked?n=N} sends them chunked, {@code /echo} echoes the body, {@code
 * /headers} lists the request's headers.
 */
final class Backend implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  Backend() throws IOException {
    this(4);
  }

  /** A backend serving up to {@code threads} requests at once. */
  Backend(int threads) throws IOException {
    pool = Executors.newFixedThreadPool(threads);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests reached {@code path}. */
  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** N bytes of a pattern the tests can check: {@code byte i = 'a' + i % 26}. */
  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) ('a' + i % 26);
    return b;
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    byte[] request;
    try (InputStream in = x.getRequestBody()) {
      request = in.readAllBytes();
    }
    String query = x.getRequestURI().getQuery();
    int n = query != null && query.startsWith("n=") ? Integer.parseInt(query.substring(2)) : 0;
    byte[] body;
    long length;
    switch (path) {
      case "/hello" -> {
        body = "hello".getBytes(StandardCharsets.UTF_8);
        length = body.length;
      }
      case "/bytes" -> {
        body = pattern(n);
        length = n;
      }
      case "/chunked" -> {
        body = pattern(n);
        length = 0; // chunked
      }
      case "/echo" -> {
        body = request;
        length = body.length == 0 ? -1 : body.length;
      }
      case "/headers" -> {
        StringBuilder b = new StringBuilder();
        x.getRequestHeaders()
            .forEach((k, v) -> b.append(k.toLowerCase()).append('=').append(v).append('\n'));
        body = b.toString().getBytes(StandardCharsets.UTF_8);
        length = body.length;
      }
      default -> {
        body = "no such path".getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(404, body.length);
        try (OutputStream out = x.getResponseBody()) {
          out.write(body);
        }
        return;
      }
    }
    x.getResponseHeaders().add("X-Backend", "real");
    x.sendResponseHeaders(200, length);
    try (OutputStream out = x.getResponseBody()) {
      if (path.equals("/chunked")) {
        for (int i = 0; i < body.length; i += 1000)
          out.write(body, i, Math.min(1000, body.length - i));
      } else {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
