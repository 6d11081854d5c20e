package dev.chaosproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Toxicity is rolled once per connection; toxicity 0 does nothing; a seed replays every decision.
 */
class ToxicityAndSeedTest {
  private final TestServer echo = TestServer.echo();
  private final List<ChaosEngine> engines = new ArrayList<>();

  @AfterEach
  void close() {
    engines.forEach(ChaosEngine::close);
    echo.close();
  }

  private ProxyControl proxy(long seed) {
    ChaosEngine engine = ChaosEngine.builder().seed(seed).build();
    engines.add(engine);
    return engine.newProxy("svc").upstream(echo.address()).start();
  }

  @Test
  void toxicityZeroHasNoEffectAtAll() throws Exception {
    try (FakeClock clock = new FakeClock()) {
      ProxyControl proxy = clock.engine.newProxy("svc").upstream(echo.address()).start();
      proxy.toxicity(0).terminate(1.0).toxicity(0).delay(Duration.ofMillis(500));
      try (Socket client = Sockets.connect(proxy)) {
        for (int i = 0; i < 5; i++)
          assertThat(clock.roundTripMillis(proxy, client)).as("delay").isZero();
        assertThat(proxy.connections().get(0).toxics()).isEmpty();
      }
      assertThat(proxy.metrics().faults().values()).allMatch(n -> n == 0);
    }
  }

  /** Opens {@code n} connections and returns the indexes of those the latency toxic applies to. */
  private static Set<Integer> affected(ProxyControl proxy, List<Socket> clients) {
    List<ConnectionInfo> infos = proxy.awaitConnections(clients.size(), Duration.ofSeconds(5));
    Set<Integer> hit = new TreeSet<>();
    for (int i = 0; i < infos.size(); i++) {
      if (infos.get(i).toxics().contains("latency_downstream")) hit.add(i);
    }
    return hit;
  }

  @Test
  void toxicityIsDecidedOncePerConnectionAndNotRerolled() throws Exception {
    ProxyControl proxy = proxy(42);
    proxy.downstream().toxicity(0.5).delay(Duration.ofMillis(1));
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) clients.add(Sockets.connect(proxy));
      Set<Integer> before = affected(proxy, clients);
      assertThat(before.size()).isBetween(8, 32);

      proxy.upstream().throttle(DataSize.ofMB(100)); // another toxic changes
      proxy.downstream().toxicity(0.5).delay(Duration.ofMillis(2)); // this one's attributes change
      assertThat(affected(proxy, clients)).isEqualTo(before);

      // Raising the toxicity only adds connections: the roll is kept.
      proxy.downstream().toxicity(0.9).delay(Duration.ofMillis(2));
      assertThat(affected(proxy, clients)).containsAll(before);
    } finally {
      for (Socket s : clients) s.close();
    }
  }

  @Test
  void theSameSeedPicksTheSameConnections() throws Exception {
    List<Set<Integer>> picks = new ArrayList<>();
    for (long seed : new long[] {7, 7}) {
      ProxyControl proxy = proxy(seed);
      proxy.downstream().toxicity(0.5).delay(Duration.ofMillis(1));
      List<Socket> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 30; i++) {
          clients.add(Sockets.connect(proxy));
          proxy.awaitConnections(i + 1, Duration.ofSeconds(5)); // accept order = connect order
        }
        picks.add(affected(proxy, clients));
      } finally {
        for (Socket s : clients) s.close();
      }
    }
    assertThat(picks.get(0)).isEqualTo(picks.get(1));
  }

  /** 40 request/response exchanges of 50 bytes under a per-read bit flip of probability 0.5. */
  private byte[] exchangeUnderFlips(long seed) throws Exception {
    ProxyControl proxy = proxy(seed);
    proxy.downstream().flipBits(0.5);
    java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    try (Socket client = Sockets.connect(proxy)) {
      OutputStream out = client.getOutputStream();
      InputStream in = client.getInputStream();
      byte[] msg = new byte[50];
      for (int i = 0; i < 40; i++) {
        java.util.Arrays.fill(msg, (byte) i);
        out.write(msg);
        received.write(in.readNBytes(50));
      }
    }
    return received.toByteArray();
  }

  @Test
  void theSameSeedAndTrafficGiveTheSameFaults() throws Exception {
    byte[] first = exchangeUnderFlips(1234);
    byte[] second = exchangeUnderFlips(1234);
    byte[] other = exchangeUnderFlips(99);
    byte[] clean = new byte[first.length];
    for (int i = 0; i < 40; i++) java.util.Arrays.fill(clean, i * 50, i * 50 + 50, (byte) i);
    assertThat(first).isNotEqualTo(clean);
    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void anEngineReportsItsSeedAndProxiesDeriveDistinctOnes() {
    ChaosEngine engine = ChaosEngine.builder().seed(5).build();
    engines.add(engine);
    assertThat(engine.seed()).isEqualTo(5);
    ProxyControl a = engine.newProxy("a").start();
    ProxyControl b = engine.newProxy("b").start();
    ProxyControl c = engine.newProxy("c").seed(77).start();
    assertThat(a.seed()).isNotEqualTo(b.seed());
    assertThat(c.seed()).isEqualTo(77);
  }
}
