package dev.chaosproxy.testcontainers.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testcontainers.internal.ControlClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ProxyControl.http()} on the remote handle, without Docker: over REST to a {@link
 * ControlServer} in this JVM, in front of the JDK's HTTP server.
 */
class RestHttpProxyControlTest {
  private final ChaosEngine engine = ChaosEngine.start();
  private final ControlServer api = ControlServer.builder(engine).start();
  private final ControlClient client =
      new ControlClient("127.0.0.1", api.address().getPort(), null);
  private final HttpServer upstream;
  private final ProxyControl local;
  private final ProxyControl remote;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  RestHttpProxyControlTest() throws Exception {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    upstream.createContext(
        "/",
        x -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    upstream.start();
    local =
        engine
            .newProxy("web")
            .http()
            .upstream("127.0.0.1:" + upstream.getAddress().getPort())
            .start();
    remote = RestProxyControlTest.remoteOf(client, local);
  }

  @AfterEach
  void close() {
    api.close();
    engine.close();
    upstream.stop(0);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + remote.port() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theRemoteHandleMakesTheJavaToxicsAndReadsThemBack() throws Exception {
    assertThat(remote.protocol()).isEqualTo(Protocol.HTTP);
    remote
        .http()
        .on("GET", "/fail/**")
        .respond(503, Map.of("Retry-After", "2"), "busy")
        .on("/ok")
        .addHeader("X-Chaos", "yes");

    ProxyControl inProcess = engine.newProxy("same").http().start();
    inProcess
        .http()
        .on("GET", "/fail/**")
        .respond(503, Map.of("Retry-After", "2"), "busy")
        .on("/ok")
        .addHeader("X-Chaos", "yes");
    assertThat(local.toxics()).isEqualTo(inProcess.toxics());
    assertThat(remote.toxics()).isEqualTo(inProcess.toxics()); // headers read back as a Map

    HttpResponse<String> failed = get("/fail/1");
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(failed.body()).isEqualTo("busy");
    HttpResponse<String> ok = get("/ok");
    assertThat(ok.body()).isEqualTo("ok");
    assertThat(ok.headers().firstValue("X-Chaos")).hasValue("yes");

    await("both requests counted")
        .atMost(Duration.ofSeconds(10))
        .until(() -> remote.metrics().http().requests() == 2);
    assertThat(remote.metrics().http().statuses()).containsEntry(503, 1L).containsEntry(200, 1L);
    assertThat(remote.metrics().http().faults()).containsEntry("http_respond", 1L);
    assertThat(remote.events())
        .extracting(ChaosEvent::request)
        .contains("GET /fail/1 #1", "GET /ok #2");
  }

  @Test
  void aSecondCallOnTheSameRouteUpdatesTheToxicRemotelyToo() throws Exception {
    remote.http().on("/a").respond(503).on("/a").respond(429);
    assertThat(remote.toxics()).hasSize(1);
    assertThat(get("/a").statusCode()).isEqualTo(429);
    remote.clear();
    assertThat(get("/a").statusCode()).isEqualTo(200);
  }
}
