package dev.chaosproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The latency toxic: delay per direction, jitter, pipelining, and removal releasing held data. */
class LatencyTest {
  private final ChaosEngine engine = ChaosEngine.start();
  private final TestServer echo = TestServer.echo();
  private final ProxyControl proxy = engine.newProxy("db").upstream(echo.address()).start();

  @AfterEach
  void close() {
    engine.close();
    echo.close();
  }

  @Test
  void delaysOneDirection() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      assertThat(Timing.medianRoundTripMillis(client, 5)).isLessThan(20);
      proxy.downstream().delay(Duration.ofMillis(100));
      assertThat(Timing.medianRoundTripMillis(client, 7)).isBetween(99.0, 140.0);
    }
  }

  @Test
  void unscopedDelayAppliesToEachDirection() throws Exception {
    proxy.delay(Duration.ofMillis(60));
    assertThat(proxy.toxics()).extracting(Toxic::name).containsExactly("latency_upstream", "latency_downstream");
    try (Socket client = Sockets.connect(proxy)) {
      assertThat(Timing.medianRoundTripMillis(client, 7)).isBetween(119.0, 170.0);
    }
  }

  @Test
  void jitterSpreadsDelaysAroundTheLatency() throws Exception {
    proxy.downstream().delay(Duration.ofMillis(50), Duration.ofMillis(30));
    List<Double> rtts = new ArrayList<>();
    try (Socket client = Sockets.connect(proxy)) {
      for (int i = 0; i < 30; i++) rtts.add(Timing.roundTrip(client).toNanos() / 1e6);
    }
    assertThat(rtts).allSatisfy(ms -> assertThat(ms).isBetween(19.0, 110.0));
    double min = rtts.stream().mapToDouble(d -> d).min().orElseThrow();
    double max = rtts.stream().mapToDouble(d -> d).max().orElseThrow();
    assertThat(max - min).as("spread of %s", rtts).isGreaterThan(15);
  }

  @Test
  void bulkDataIsPipelinedNotStopAndWait() throws Exception {
    int size = 16 * 1024 * 1024;
    try (TestServer source = TestServer.start(s -> {
      s.getOutputStream().write(new byte[size]);
      s.shutdownOutput();
      s.getInputStream().readAllBytes();
    })) {
      ProxyControl bulk = engine.newProxy("bulk").upstream(source.address()).start();
      bulk.downstream().delay(Duration.ofMillis(50));
      try (Socket client = Sockets.connect(bulk)) {
        long start = System.nanoTime();
        Sockets.ReadResult r = Sockets.readToEnd(client.getInputStream());
        double ms = Timing.millisSince(start);
        assertThat(r.bytes()).hasSize(size);
        // Stop-and-wait over 64 KiB reads would take 256 x 50 ms = 12.8 s.
        assertThat(ms).isBetween(49.0, 3000.0);
      }
    }
  }

  @Test
  void removingTheDelayReleasesHeldBytesAtOnce() throws Exception {
    proxy.downstream().delay(Duration.ofSeconds(30));
    try (Socket client = Sockets.connect(proxy)) {
      InputStream in = client.getInputStream();
      client.getOutputStream().write(new byte[] {1, 2, 3});
      CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
        try {
          return in.readNBytes(3);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      proxy.awaitConnections(1, Duration.ofSeconds(5));
      long start = System.nanoTime();
      proxy.clear();
      assertThat(got.get()).containsExactly(1, 2, 3);
      assertThat(Timing.millisSince(start)).isLessThan(2000);
    }
  }

  @Test
  void changingTheDelayAppliesToNewBytes() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      proxy.downstream().delay(Duration.ofMillis(150));
      assertThat(Timing.medianRoundTripMillis(client, 3)).isBetween(149.0, 200.0);
      proxy.downstream().delay(Duration.ofMillis(20));
      assertThat(proxy.toxics()).hasSize(1);
      assertThat(Timing.medianRoundTripMillis(client, 5)).isBetween(19.0, 60.0);
    }
  }
}
