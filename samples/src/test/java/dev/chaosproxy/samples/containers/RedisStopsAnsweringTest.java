package dev.chaosproxy.samples.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testcontainers.ChaosProxyContainer;
import dev.chaosproxy.testcontainers.testing.RequiresDocker;
import dev.chaosproxy.testcontainers.testing.TestImages;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Does my client notice a Redis that stops answering? A Redis that accepts and then never
 * answers (a hung server, a network partition that eats packets) gives a client no error at all:
 * only a read timeout tells it. Here Redis runs in a container, chaos-proxy in another on the same
 * network in front of it, and two clients ask: Jedis on the host, and a client in a third
 * container that reaches Redis by its network alias, as an application under test in a container would.
 */
@RequiresDocker
class RedisStopsAnsweringTest {
  static Network network = Network.newNetwork();

  static GenericContainer<?> redis = new GenericContainer<>(TestImages.redis())
      .withNetwork(network).withNetworkAliases("redis")
      .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));

  static ChaosProxyContainer chaos = new ChaosProxyContainer(TestImages.chaosProxy())
      .withNetwork(network).withNetworkAliases("chaos")
      .withProxy("redis", "redis:6379")                        // chaos:8666 on the network
      .withReservedPorts(0);                                   // no proxies after start: a faster start

  @BeforeAll
  static void start() {
    redis.start();
    chaos.start();
  }

  @AfterAll
  static void stop() {
    chaos.stop();
    redis.stop();
    network.close();
  }

  @AfterEach
  void answerAgain() {
    chaos.proxy("redis").reset();                              // every test starts with Redis answering
  }

  @Test
  void aClientWithAReadTimeoutNoticesWithinItAndRecovers() {
    ProxyControl proxy = chaos.proxy("redis");                 // host() and port(): the host's way in
    HostAndPort address = new HostAndPort(proxy.host(), proxy.port());
    DefaultJedisClientConfig oneSecond = DefaultJedisClientConfig.builder().socketTimeoutMillis(1_000).build();
    try (Jedis jedis = new Jedis(address, oneSecond)) {
      jedis.set("greeting", "hello");

      proxy.blackhole();                                       // accepted, never answered
      long start = System.nanoTime();
      assertThatThrownBy(() -> jedis.get("greeting"))
          .isInstanceOf(JedisConnectionException.class)
          .hasRootCauseInstanceOf(SocketTimeoutException.class);
      Duration noticed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(noticed).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
    }

    proxy.reset();                                             // Redis answers again
    try (Jedis jedis = new Jedis(address, oneSecond)) {        // a new connection works at once
      assertThat(jedis.get("greeting")).isEqualTo("hello");
    }
  }

  @Test
  void aClientInAnotherContainerNoticesOnlyByItsOwnTimeout() {
    // The client: busybox nc sends PING and QUIT and keeps its side open (as a real client does,
    // instead of half-closing), under a 1 s timeout. Redis answers and closes: exit 0. A Redis that
    // never answers gives no error at all, and only the timeout ends the wait: exit 143. (The
    // shell waits for the sleep either way: 1.5 s keeps the client's side open past the timeout.)
    String client = "(printf 'PING\\r\\nQUIT\\r\\n'; sleep 1.5) | timeout 1 nc chaos "
        + chaos.getProxyListenPort("redis") + "; echo \"exit $?\"";
    assertThat(runInNetwork(client)).contains("+PONG").contains("exit 0");

    chaos.proxy("redis").blackhole();
    assertThat(runInNetwork(client)).doesNotContain("PONG").contains("exit 143");
  }

  /** Runs a shell script in a busybox container on the network and returns its output. */
  private static String runInNetwork(String script) {
    try (GenericContainer<?> client = new GenericContainer<>(TestImages.echo())
        .withNetwork(network)
        .withCommand("sh", "-c", script)
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))) {
      client.start();
      return client.getLogs();
    }
  }
}
