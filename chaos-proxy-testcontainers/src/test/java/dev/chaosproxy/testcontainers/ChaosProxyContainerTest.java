package dev.chaosproxy.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.Direction;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.testcontainers.testing.Containers;
import dev.chaosproxy.testcontainers.testing.RequiresDocker;
import dev.chaosproxy.testcontainers.testing.TestImages;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * ChaosProxyContainer on a real engine: in front of Redis and an echo server on a shared network,
 * seen by a client on the host and by clients in a third container. One chaos-proxy container for
 * the class; each test puts its chaos back.
 */
@RequiresDocker
class ChaosProxyContainerTest {
  private static final Toxic INITIAL_DELAY =
      Toxic.of(ToxicType.LATENCY, Direction.DOWNSTREAM, Map.of("latency", 200))
          .named("initial-delay");

  private static Network network;
  private static GenericContainer<?> redis;
  private static GenericContainer<?> echo;
  private static ChaosProxyContainer chaos;

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    redis =
        new GenericContainer<>(TestImages.redis())
            .withNetwork(network)
            .withNetworkAliases("redis")
            .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
    echo =
        new GenericContainer<>(TestImages.echo()).withNetwork(network).withNetworkAliases("echo");
    chaos =
        new ChaosProxyContainer(TestImages.chaosProxy())
            .withNetwork(network)
            .withNetworkAliases("chaos")
            .withProxy("redis", "redis:6379")
            .withProxy("echo", "echo:7")
            .withProxy("slow-echo", "echo:7", INITIAL_DELAY)
            .withReservedPorts(1)
            .withSeed(42);
    Containers.start(redis);
    Containers.start(echo);
    Containers.start(chaos);
  }

  @AfterAll
  static void stop() {
    for (GenericContainer<?> c : new GenericContainer<?>[] {chaos, echo, redis})
      if (c != null) c.stop();
    if (network != null) network.close();
  }

  @AfterEach
  void putTheChaosBack() {
    chaos.proxy("redis").reset();
    chaos.proxy("echo").reset();
  }

  @Test
  void declaredProxiesListenOnTheirOwnExposedPorts() throws Exception {
    assertThat(chaos.getProxyListenPort("redis")).isEqualTo(ChaosProxyContainer.FIRST_PROXY_PORT);
    assertThat(chaos.getProxyListenPort("echo"))
        .isEqualTo(ChaosProxyContainer.FIRST_PROXY_PORT + 1);
    assertThat(chaos.getProxyListenPort("slow-echo"))
        .isEqualTo(ChaosProxyContainer.FIRST_PROXY_PORT + 2);
    assertThat(chaos.getExposedPorts()).containsExactlyInAnyOrder(8474, 8666, 8667, 8668, 8669);
    ProxyControl proxy = chaos.proxy("redis");
    assertThat(proxy.host()).isEqualTo(chaos.getHost());
    assertThat(proxy.port())
        .isEqualTo(chaos.getMappedPort(8666))
        .isEqualTo(chaos.getProxyPort("redis"));
    assertThat(proxy.target()).isEqualTo("redis:6379");
    assertThat(chaos.proxy("redis")).isSameAs(proxy);

    HttpResponse<String> version =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(chaos.getControlUrl() + "/version")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(version.body()).contains("\"server\":\"chaos-proxy\"");
  }

  @Test
  void aClientOnTheHostSeesChaosOnRedis() throws Exception {
    ProxyControl proxy = chaos.proxy("redis");
    try (Socket client = new Socket(proxy.host(), proxy.port())) {
      client.setSoTimeout(10_000);
      assertThat(LocalImagesTest.Resp.call(client, "SET", "chaos", "proxy")).isEqualTo("+OK");
      proxy.downstream().delay(Duration.ofMillis(300));
      long start = System.nanoTime();
      assertThat(LocalImagesTest.Resp.call(client, "GET", "chaos")).isEqualTo("$5\r\nproxy");
      assertThat((System.nanoTime() - start) / 1e6)
          .as("ms for GET with 300 ms downstream")
          .isGreaterThanOrEqualTo(290);
      proxy.downstream().resetPeer(Duration.ZERO);
      assertThatThrownBy(() -> LocalImagesTest.Resp.call(client, "PING"))
          .as("a reset answer")
          .isInstanceOfAny(java.io.IOException.class, AssertionError.class);
    }
    assertThat(proxy.metrics().faults()).containsKeys("latency", "reset_peer");
  }

  @Test
  void aClientInAThirdContainerSeesTheDelay() {
    chaos.proxy("echo").downstream().delay(Duration.ofMillis(600));
    String log =
        runClient("time sh -c 'printf across | nc chaos " + chaos.getProxyListenPort("echo") + "'");
    assertThat(log).contains("across");
    assertThat(realSeconds(log))
        .as("seconds the client in the container took")
        .isGreaterThanOrEqualTo(0.59);
  }

  @Test
  void aClientInAThirdContainerSeesDataCutShort() {
    chaos.proxy("echo").downstream().limitData(DataSize.ofBytes(5));
    String log = runClient("printf 'hello world' | nc chaos " + chaos.getProxyListenPort("echo"));
    assertThat(log).isEqualTo("hello");
  }

  @Test
  void aClientInAThirdContainerReachesRedisThroughTheProxy() throws Exception {
    ProxyControl proxy = chaos.proxy("redis");
    try (Socket host = new Socket(proxy.host(), proxy.port())) {
      host.setSoTimeout(10_000);
      assertThat(LocalImagesTest.Resp.call(host, "SET", "written-by", "host")).isEqualTo("+OK");
    }
    try (GenericContainer<?> client =
        new GenericContainer<>(TestImages.redis())
            .withNetwork(network)
            .withCommand("redis-cli", "-h", "chaos", "-p", "8666", "GET", "written-by")
            .withStartupCheckStrategy(Containers.exitsZero(Duration.ofSeconds(30)))) {
      Containers.start(client);
      assertThat(client.getLogs()).isEqualTo("host\n");
    }
    assertThat(proxy.metrics().connectionsTotal()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void initialToxicsActFromTheFirstConnection() throws Exception {
    ProxyControl slow = chaos.proxy("slow-echo");
    assertThat(slow.toxics()).containsExactly(INITIAL_DELAY);
    try (Socket client = new Socket(slow.host(), slow.port())) {
      client.setSoTimeout(10_000);
      long start = System.nanoTime();
      client.getOutputStream().write(1);
      assertThat(client.getInputStream().read()).isEqualTo(1);
      assertThat((System.nanoTime() - start) / 1e6).isGreaterThanOrEqualTo(195);
    }
  }

  @Test
  void aSeededContainerMakesTheSameDecisionsAsASeededEngine() {
    try (ChaosEngine engine = ChaosEngine.builder().seed(42).build();
        ProxyControl local = engine.newProxy("redis").upstream("localhost:6379").start()) {
      assertThat(chaos.proxy("redis").seed()).isEqualTo(local.seed());
    }
  }

  @Test
  void proxiesCreatedAfterStartUseTheReserveUntilItRunsOut() throws Exception {
    ProxyControl late = chaos.createProxy("late", "echo:7");
    assertThat(chaos.getProxyListenPort("late")).isEqualTo(8669);
    try (Socket client = new Socket(late.host(), late.port())) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write(7);
      assertThat(client.getInputStream().read()).isEqualTo(7);
    }
    assertThatThrownBy(() -> chaos.createProxy("later", "echo:7"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no free proxy port for proxy 'later'")
        .hasMessageContaining("withReservedPorts(2)")
        .hasMessageContaining("withProxy(\"later\", \"echo:7\")");
    late.close();
    assertThatThrownBy(() -> chaos.proxy("late")).isInstanceOf(IllegalArgumentException.class);
    ProxyControl later = chaos.createProxy("later", "echo:7", INITIAL_DELAY);
    assertThat(chaos.getProxyListenPort("later")).isEqualTo(8669);
    assertThat(later.toxics()).containsExactly(INITIAL_DELAY);
    later.close();
  }

  @Test
  void aProxyMadeThroughTheApiOnAnExposedPortIsFoundAndItsPortNotHandedOutAgain() throws Exception {
    HttpResponse<String> created =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(chaos.getControlUrl() + "/proxies"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"raw\",\"listen\":\"0.0.0.0:8669\",\"upstream\":\"echo:7\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    try {
      assertThat(chaos.proxy("raw").port()).isEqualTo(chaos.getMappedPort(8669));
      assertThatThrownBy(() -> chaos.createProxy("another", "echo:7"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("all taken by [echo, raw, redis, slow-echo]");
    } finally {
      chaos.proxy("raw").close();
    }
  }

  @Test
  void mistakesAfterStartAreClearErrors() {
    assertThatThrownBy(() -> chaos.createProxy("redis", "echo:7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proxy 'redis' already exists")
        .hasMessageContaining("proxy(\"redis\")");
    assertThatThrownBy(() -> chaos.proxy("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no proxy 'nope'")
        .hasMessageContaining("[echo, redis, slow-echo]");
    assertThatThrownBy(() -> chaos.createProxy("bad", "echo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> chaos.withProxy("too-late", "echo:7"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("createProxy(\"too-late\", \"echo:7\")");
    assertThatThrownBy(() -> chaos.withReservedPorts(8)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> chaos.proxy("echo").retarget("echo:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 65535");
  }

  /** Runs {@code script} with sh in a container on the network; its output (stdout and stderr). */
  private static String runClient(String script) {
    try (GenericContainer<?> client =
        new GenericContainer<>(TestImages.echo())
            .withNetwork(network)
            .withCommand("sh", "-c", script)
            .withStartupCheckStrategy(Containers.exitsZero(Duration.ofSeconds(30)))) {
      Containers.start(client);
      return client.getLogs();
    }
  }

  /** The seconds of busybox's {@code time} line: {@code real\t0m 0.61s}. */
  private static double realSeconds(String log) {
    Matcher m = Pattern.compile("real\\s+(\\d+)m\\s*([\\d.]+)s").matcher(log);
    assertThat(m.find()).as("a 'real' line in: " + log).isTrue();
    return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
  }
}
