package dev.chaosproxy.samples.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxyExtension;
import dev.chaosproxy.junit5.ProxyName;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which of an HTTP client's timeouts fires when the answer is slow, comes in pieces, or trickles?
 * OkHttp's read timeout (300 ms here) bounds each wait for the next bytes: it fires when the
 * headers are late, when the pieces of a body are too far apart, and when a throttle lets too few
 * bytes through. A response that keeps trickling beats it; only the call timeout bounds the whole
 * call. (Each fault leaves a second or more between bytes, well beyond 300 ms, so a busy machine
 * cannot make the bytes win the race.) After a timeout the client drops that connection, so a retry once the chaos is gone
 * succeeds on a fresh one.
 */
class HttpTimeoutsTest {
  static final byte[] BODY = new byte[16 * 1024];
  static HttpServer server;

  @RegisterExtension
  static ChaosProxyExtension chaos = ChaosProxyExtension.builder()
      .proxy("api", p -> p.upstream(() -> "127.0.0.1:" + server.getAddress().getPort()))   // known once the server is up
      .proxy("bytewise", p -> p.upstream(() -> "127.0.0.1:" + server.getAddress().getPort())
          .chaos(proxy -> proxy.downstream().slice(DataSize.ofBytes(1), DataSize.ofBytes(0), Duration.ofMillis(2))))
      .build();

  static OkHttpClient client = new OkHttpClient.Builder()
      .readTimeout(Duration.ofMillis(300))                        // the longest wait for the next bytes
      .build();

  @BeforeAll
  static void startServer() throws IOException {
    new Random(42).nextBytes(BODY);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/data", exchange -> {
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BODY);
      }
    });
    server.createContext("/status", exchange -> {
      byte[] ok = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, ok.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(ok);
      }
    });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    client.connectionPool().evictAll();
    server.stop(0);
  }

  @Test
  void aSlowResponseTripsTheReadTimeout(@ProxyName("api") ProxyControl api) {
    api.downstream().delay(Duration.ofSeconds(2));                // the headers come 2 s late
    long start = System.nanoTime();
    assertThrows(SocketTimeoutException.class, () -> get(client, api, "/data"));
    assertTookAbout(Duration.ofMillis(300), start);
  }

  @Test
  void aSlicedResponseTripsTheReadTimeoutMidBody(@ProxyName("api") ProxyControl api) throws IOException {
    api.downstream().slice(DataSize.ofBytes(1_000), DataSize.ofBytes(0), Duration.ofSeconds(1));  // 1 KB pieces, 1 s apart
    try (Response response = client.newCall(request(api, "/data")).execute()) {
      assertEquals(200, response.code());                         // the headers were in the first piece
      long start = System.nanoTime();
      assertThrows(SocketTimeoutException.class, () -> response.body().bytes());
      assertTookAbout(Duration.ofMillis(300), start);
    }
  }

  @Test
  void aThrottledResponseTripsTheReadTimeout(@ProxyName("api") ProxyControl api) {
    api.downstream().throttle(DataSize.ofBytes(1));               // 1 byte/s: 1 s between bytes
    long start = System.nanoTime();
    assertThrows(SocketTimeoutException.class, () -> get(client, api, "/data"));
    assertTookAbout(Duration.ofMillis(300), start);
  }

  @Test
  void aTrickleBeatsTheReadTimeoutButNotTheCallTimeout(@ProxyName("api") ProxyControl api) {
    OkHttpClient bounded = client.newBuilder()
        .readTimeout(Duration.ofSeconds(1))
        .callTimeout(Duration.ofSeconds(2))                       // the whole call: connect, send, read it all
        .build();
    api.downstream().throttle(DataSize.ofKiB(4));                 // 16 KiB would take 4 s, bytes every 2 ms
    long start = System.nanoTime();
    InterruptedIOException e = assertThrows(InterruptedIOException.class, () -> get(bounded, api, "/data"));
    assertFalse(e instanceof SocketTimeoutException, "the read timeout fired: " + e);
    assertTookAbout(Duration.ofSeconds(2), start);
  }

  @Test
  void aRetrySucceedsOnceTheChaosIsGone(@ProxyName("api") ProxyControl api) throws IOException {
    assertArrayEquals(BODY, get(client, api, "/data"));
    api.downstream().delay(Duration.ofSeconds(2));
    assertThrows(SocketTimeoutException.class, () -> get(client, api, "/data"));
    long connections = api.metrics().connectionsTotal();

    api.reset();                                                  // the chaos is gone
    assertArrayEquals(BODY, get(client, api, "/data"));           // the same client, intact
    assertEquals(connections + 1, api.metrics().connectionsTotal(), "the retry opened a fresh connection");
  }

  @Test
  void readsAnAnswerThatArrivesByteByByte(@ProxyName("bytewise") ProxyControl bytewise) throws IOException {
    assertEquals("{\"ok\":true}", new String(get(client, bytewise, "/status"), StandardCharsets.UTF_8));
    assertTrue(bytewise.metrics().faults().get("slicer") > 100, "pieces: " + bytewise.metrics().faults());
  }

  static byte[] get(OkHttpClient client, ProxyControl proxy, String path) throws IOException {
    try (Response response = client.newCall(request(proxy, path)).execute()) {
      assertEquals(200, response.code());
      return response.body().bytes();
    }
  }

  static Request request(ProxyControl proxy, String path) {
    return new Request.Builder().url("http://" + proxy.host() + ":" + proxy.port() + path).build();
  }

  /** A timeout fired no earlier than {@code expected}, and not much later (a generous bound: the machine may be busy). */
  static void assertTookAbout(Duration expected, long startNanos) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    assertTrue(took.compareTo(expected.multipliedBy(9).dividedBy(10)) >= 0 && took.compareTo(expected.plusMillis(1_500)) < 0,
        "took " + took + ", expected about " + expected);
  }
}
