package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shared bandwidth on real sockets and the real clock, two event loops: several connections (of one
 * proxy, or of two proxies on one link) together get the rate, each a fair share. The bounds are
 * loose (the machine is shared); the benchmark measures the accuracy.
 */
class SharedBandwidthTest {
  private final ChaosEngine engine = ChaosEngine.builder().eventLoops(2).build();
  private final TestServer source = TestServer.start(SharedBandwidthTest::sendForever);
  private final List<Socket> clients = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    for (Socket c : clients) c.close();
    engine.close();
    source.close();
  }

  private static void sendForever(Socket s) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    while (true) s.getOutputStream().write(chunk); // until the proxy closes
  }

  @ParameterizedTest(name = "{0} bytes/s")
  @CsvSource({"200000, 0.7", "50000000, 0.4"}) // the low bound allows for a busy machine
  void fourConnectionsShareTheRate(long rate, double low) throws Exception {
    ProxyControl proxy = engine.newProxy("pool").upstream(source.address()).start();
    proxy.downstream().throttleShared(DataSize.ofBytes(rate));
    Window w = measure(List.of(proxy), 4, rate);
    w.assertRate(rate, low, 1.1);
    w.assertFair();
  }

  @Test
  void twoProxiesOnOneLinkShareItsRate() throws Exception {
    ProxyControl a = engine.newProxy("a").upstream(source.address()).start();
    ProxyControl b = engine.newProxy("b").upstream(source.address()).start();
    a.downstream().throttleLink("wan", DataSize.ofKB(200));
    b.downstream().throttleLink("wan", DataSize.ofKB(200));
    Window w = measure(List.of(a, b), 2, 200_000);
    w.assertRate(200_000, 0.7, 1.1);
    w.assertFair();
  }

  @Test
  void withoutSharedEachConnectionHasTheRate() throws Exception {
    ProxyControl proxy = engine.newProxy("each").upstream(source.address()).start();
    proxy.downstream().throttle(DataSize.ofKB(100));
    assertThat(proxy.toxics().get(0).attributes()).containsOnlyKeys("rate", "rate_bytes");
    Window w = measure(List.of(proxy), 2, 200_000);
    w.assertRate(200_000, 0.7, 1.1); // 2 × 100 KB/s
    w.assertFair();
  }

  @Test
  void theLastRateSetOnALinkIsItsRateAndItIsFreedWithItsLastToxic() throws Exception {
    ProxyControl a = engine.newProxy("a").upstream(source.address()).start();
    ProxyControl b = engine.newProxy("b").upstream(source.address()).start();
    a.downstream().throttleLink("wan", DataSize.ofMB(50));
    b.downstream().throttleLink("wan", DataSize.ofKB(100)); // changed last: the link's rate
    Window w = measure(List.of(a, b), 1, 100_000);
    w.assertRate(100_000, 0.7, 1.1);
    assertThat(Engines.core(engine).links().size()).isEqualTo(1);
    a.reset();
    b.downstream().clear();
    for (Socket c : clients) c.close();
    await("the link freed").until(() -> Engines.core(engine).links().size() == 0);
  }

  @Test
  void aConnectionsOwnLinkIsFreedWhenTheConnectionEnds() throws Exception {
    ProxyControl proxy = engine.newProxy("own").upstream(source.address()).start();
    Socket client = reading(Sockets.connect(proxy));
    clients.add(client);
    String id = proxy.awaitConnections(1, Duration.ofSeconds(5)).get(0).id();
    proxy.connection(id).downstream().throttleLink("solo", DataSize.ofKB(100));
    assertThat(Engines.core(engine).links().size()).isEqualTo(1);
    client.close();
    await("the link freed with the connection")
        .until(() -> Engines.core(engine).links().size() == 0);
  }

  /** Bytes written to each client over a window, and the window's length. */
  private static final class Window {
    final Map<String, Long> bytes;
    final double seconds;

    Window(Map<String, Long> bytes, double seconds) {
      this.bytes = bytes;
      this.seconds = seconds;
    }

    long total() {
      return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    void assertRate(long rate, double low, double high) {
      double measured = total() / seconds;
      assertThat(measured)
          .as("summed bytes/s of %d connections at %d bytes/s: %s", bytes.size(), rate, bytes)
          .isBetween(rate * low, rate * high);
    }

    /** Each connection got at least 60 % of an equal share. */
    void assertFair() {
      double fair = (double) total() / bytes.size();
      for (Map.Entry<String, Long> e : bytes.entrySet()) {
        assertThat((double) e.getValue())
            .as("connection %s of %s", e.getKey(), bytes)
            .isGreaterThanOrEqualTo(fair * 0.6);
      }
    }
  }

  /**
   * Opens {@code perProxy} reading clients on each of {@code proxies}, lets them get going, then
   * measures how long the proxies take to write {@code bytes} more to them.
   */
  private Window measure(List<ProxyControl> proxies, int perProxy, long bytes) throws Exception {
    for (ProxyControl p : proxies) {
      for (int i = 0; i < perProxy; i++) clients.add(reading(Sockets.connect(p)));
    }
    int n = proxies.size() * perProxy;
    await("every connection moving")
        .until(
            () -> {
              Map<String, Long> now = written(proxies);
              return now.size() == n && now.values().stream().allMatch(v -> v > 0);
            });
    Map<String, Long> start = written(proxies);
    long t0 = System.nanoTime();
    long goal = sum(start) + bytes;
    await("" + bytes + " bytes more")
        .atMost(Duration.ofSeconds(30))
        .until(() -> sum(written(proxies)) >= goal);
    long t1 = System.nanoTime();
    Map<String, Long> end = written(proxies);
    Map<String, Long> delta = new HashMap<>();
    for (Map.Entry<String, Long> e : end.entrySet())
      delta.put(e.getKey(), e.getValue() - start.getOrDefault(e.getKey(), 0L));
    return new Window(delta, (t1 - t0) / 1e9);
  }

  private static Map<String, Long> written(List<ProxyControl> proxies) {
    Map<String, Long> m = new HashMap<>();
    for (ProxyControl p : proxies)
      for (ConnectionInfo c : p.connections()) m.put(p.name() + "/" + c.id(), c.bytesDownstream());
    return m;
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  /** {@code s}, with a thread that reads and discards all it gets until it closes. */
  private static Socket reading(Socket s) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try (InputStream in = s.getInputStream()) {
                while (in.read(buf) >= 0) {
                  // discard
                }
              } catch (IOException closed) {
                // the test is over
              }
            },
            "shared-bandwidth-reader");
    t.setDaemon(true);
    t.start();
    return s;
  }
}
