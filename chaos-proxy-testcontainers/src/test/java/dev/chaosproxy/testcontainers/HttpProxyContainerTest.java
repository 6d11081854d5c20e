package dev.chaosproxy.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testcontainers.testing.Containers;
import dev.chaosproxy.testcontainers.testing.RequiresDocker;
import dev.chaosproxy.testcontainers.testing.TestImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;

/**
 * An HTTP proxy in a ChaosProxyContainer, in front of a real HTTP server on the same network: a
 * second chaos-proxy container, whose control API is the upstream (no other image needed).
 */
@RequiresDocker
class HttpProxyContainerTest {
  private static Network network;
  private static ChaosProxyContainer upstream;
  private static ChaosProxyContainer chaos;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    upstream =
        new ChaosProxyContainer(TestImages.chaosProxy())
            .withNetwork(network)
            .withNetworkAliases("upstream-api")
            .withReservedPorts(0);
    chaos =
        new ChaosProxyContainer(TestImages.chaosProxy())
            .withNetwork(network)
            .withHttpProxy("api", "upstream-api:" + ChaosProxyContainer.CONTROL_PORT)
            .withReservedPorts(1);
    Containers.start(upstream);
    Containers.start(chaos);
  }

  @AfterAll
  static void stop() {
    if (chaos != null) chaos.stop();
    if (upstream != null) upstream.stop();
    if (network != null) network.close();
  }

  private HttpResponse<String> get(ProxyControl p, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://" + p.host() + ":" + p.port() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDeclaredHttpProxyAnswers503OnOnePathWhileTheOthersPass() throws Exception {
    ProxyControl api = chaos.proxy("api");
    assertThat(api.protocol()).isEqualTo(Protocol.HTTP);
    api.http().on("GET", "/version").respond(503, Map.of("Retry-After", "1"), "down for a bit");

    HttpResponse<String> version = get(api, "/version");
    assertThat(version.statusCode()).isEqualTo(503);
    assertThat(version.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(version.body()).isEqualTo("down for a bit");
    HttpResponse<String> proxies = get(api, "/proxies");
    assertThat(proxies.statusCode()).isEqualTo(200);
    assertThat(proxies.body()).startsWith("{"); // the upstream's own JSON

    assertThat(api.toxics().get(0).attributes())
        .containsEntry("headers", Map.of("Retry-After", "1"));
    assertThat(api.events()).extracting(ChaosEvent::request).containsExactly("GET /version #1");
    await().atMost(Duration.ofSeconds(10)).until(() -> api.metrics().http().requests() == 2);
    assertThat(api.metrics().http().statuses()).containsEntry(503, 1L).containsEntry(200, 1L);
    api.clear();
    assertThat(get(api, "/version").statusCode()).isEqualTo(200);
  }

  @Test
  void anHttpProxyCreatedAfterStartIsOneToo() throws Exception {
    ProxyControl late =
        chaos.createHttpProxy("late", "upstream-api:" + ChaosProxyContainer.CONTROL_PORT);
    try {
      assertThat(late.protocol()).isEqualTo(Protocol.HTTP);
      late.http().on("/proxies").first(1).closeBeforeResponse();
      assertThat(get(late, "/version").statusCode()).isEqualTo(200);
      HttpResponse<String> afterTheFirst = null;
      try {
        afterTheFirst = get(late, "/proxies");
      } catch (java.io.IOException closed) {
        // the first GET /proxies: the proxy closed before the answer (the JDK client may retry)
      }
      if (afterTheFirst != null) assertThat(afterTheFirst.statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> late.metrics().http().faults().getOrDefault("http_abort", 0L) == 1L);
    } finally {
      late.close();
    }
  }
}
