package dev.chaosproxy.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.testing.Fixture;
import dev.chaosproxy.junit5.testing.Kit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code http ...} chaos strings on an annotated HTTP proxy, and on a TCP one (a clear failure).
 */
class HttpChaosTest {
  static HttpServer upstream;

  @BeforeAll
  static void start() throws IOException {
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
  }

  @AfterAll
  static void stop() {
    upstream.stop(0);
  }

  private static Map<String, String> config() {
    return Map.of("http.address", "127.0.0.1:" + upstream.getAddress().getPort());
  }

  @Fixture
  @ChaosProxy(
      name = "web",
      upstream = "${http.address}",
      protocol = Protocol.HTTP,
      chaos = {
        "http GET /fail/** respond 503 body busy retryAfter 2s",
        "http /slow delay response 0"
      })
  static class OnAnHttpProxy {
    @Test
    void test(@ProxyName("web") ProxyControl web) throws Exception {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> failed =
          client.send(request(web, "/fail/1"), HttpResponse.BodyHandlers.ofString());
      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(failed.body()).isEqualTo("busy");
      assertThat(failed.headers().firstValue("Retry-After")).hasValue("2");
      HttpResponse<String> passed =
          client.send(request(web, "/ok"), HttpResponse.BodyHandlers.ofString());
      assertThat(passed.statusCode()).isEqualTo(200);
      assertThat(passed.body()).isEqualTo("ok");
      assertThat(web.toxics()).extracting(t -> t.name()).contains("http_respond", "http_delay");
    }

    private static HttpRequest request(ProxyControl web, String path) {
      return HttpRequest.newBuilder(URI.create("http://" + web.host() + ":" + web.port() + path))
          .timeout(Duration.ofSeconds(10))
          .build();
    }
  }

  @Fixture
  @ChaosProxy(name = "web", upstream = "${http.address}", chaos = "http /a respond 503")
  static class OnATcpProxy {
    @Test
    void test() {}
  }

  @Test
  void anHttpFaultActsOnAnAnnotatedHttpProxy() {
    Kit.assertAllPassed(Kit.run(config(), OnAnHttpProxy.class));
  }

  @Test
  void anHttpFaultOnATcpProxyFailsNamingTheDeclarationAndTheFix() {
    assertThat(Kit.onlyFailure(Kit.run(config(), OnATcpProxy.class)))
        .contains("@ChaosProxy(name = \"web\") on HttpChaosTest.OnATcpProxy")
        .contains("acts on HTTP requests, but proxy 'web")
        .contains("@ChaosProxy(protocol = Protocol.HTTP)");
  }
}
