package dev.chaosproxy.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testcontainers.internal.ControlClient;
import dev.chaosproxy.testcontainers.testing.Containers;
import dev.chaosproxy.testcontainers.testing.RequiresDocker;
import dev.chaosproxy.testcontainers.testing.TestImages;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Starting and stopping ChaosProxyContainer: with a token, failing fast, and after stop. */
@RequiresDocker
class ChaosProxyContainerLifecycleTest {
  @Test
  void aTokenProtectedContainerStartsAndIsDrivenWithItsToken() throws Exception {
    try (ChaosProxyContainer chaos =
        new ChaosProxyContainer(TestImages.chaosProxy())
            .withApiToken("s3cret-token")
            .withReservedPorts(1)) {
      Containers.start(chaos);
      ProxyControl proxy =
          chaos.createProxy("api", "127.0.0.1:" + ChaosProxyContainer.CONTROL_PORT);
      proxy.delay(Duration.ofMillis(1));
      assertThat(proxy.toxics()).hasSize(2);

      HttpResponse<String> anonymous =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(chaos.getControlUrl() + "/proxies")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);

      ControlClient wrong =
          new ControlClient(chaos.getHost(), chaos.getControlPort(), "not-the-token");
      assertThatThrownBy(
              () ->
                  wrong.get(
                      wrong.url("proxies"),
                      (code, message) ->
                          new IllegalArgumentException("unexpected 404: " + message)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("401")
          .hasMessageContaining("wrong bearer token");
    }
  }

  @Test
  void aContainerThatExitsFailsStartAtOnceWithItsLog() {
    long start = System.nanoTime();
    try (ChaosProxyContainer chaos =
        new ChaosProxyContainer(TestImages.chaosProxy())
            .withEnv("JAVA_TOOL_OPTIONS", "-Xmx1k")
            .withReservedPorts(0)) {
      assertThatThrownBy(chaos::start)
          .satisfies(
              e ->
                  assertThat(causes(e))
                      .contains("the chaos-proxy container stopped before its control API answered")
                      .contains("heap"));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("time to give up")
        .isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void afterStopTheHandlesSayTheContainerIsGoneAndProxyNeedsAStart() throws Exception {
    ChaosProxyContainer chaos =
        new ChaosProxyContainer(TestImages.chaosProxy()).withReservedPorts(1);
    ProxyControl proxy;
    try {
      Containers.start(chaos);
      proxy = chaos.createProxy("short-lived", "127.0.0.1:" + ChaosProxyContainer.CONTROL_PORT);
      try (Socket client = new Socket(proxy.host(), proxy.port())) {
        assertThat(proxy.awaitConnections(1, Duration.ofSeconds(10))).hasSize(1);
      }
    } finally {
      chaos.stop();
    }
    long start = System.nanoTime();
    assertThatThrownBy(proxy::toxics)
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("is the container still running?");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThatThrownBy(() -> chaos.proxy("short-lived"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a started container");
  }

  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
    return all.toString();
  }
}
