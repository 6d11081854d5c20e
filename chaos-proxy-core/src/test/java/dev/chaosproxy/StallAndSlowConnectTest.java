package dev.chaosproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults beyond Toxiproxy's set: stalls (a lost segment's pause) and slow connects. */
class StallAndSlowConnectTest {
  private final ChaosEngine engine = ChaosEngine.start();
  private final TestServer echo = TestServer.echo();
  private final ProxyControl proxy = engine.newProxy("svc").upstream(echo.address()).start();

  @AfterEach
  void close() {
    engine.close();
    echo.close();
  }

  @Test
  void stallHoldsChunks() throws Exception {
    proxy.downstream().stall(1.0, Duration.ofMillis(150));
    try (Socket client = Sockets.connect(proxy)) {
      assertThat(Timing.medianRoundTripMillis(client, 3)).isBetween(149.0, 250.0);
    }
    proxy.downstream().stall(0.0, Duration.ofMillis(150));
    try (Socket client = Sockets.connect(proxy)) {
      assertThat(Timing.medianRoundTripMillis(client, 3)).isLessThan(50);
    }
  }

  @Test
  void slowConnectDelaysTheUpstreamConnect() throws Exception {
    proxy.slowConnect(Duration.ofMillis(300));
    long start = System.nanoTime();
    try (Socket client = Sockets.connect(proxy)) {
      Timing.roundTrip(client);
      assertThat(Timing.millisSince(start)).isBetween(290.0, 2000.0);
      assertThat(proxy.connections().get(0).upstream()).isNotNull();
      // An established connection is not slowed further.
      assertThat(Timing.medianRoundTripMillis(client, 3)).isLessThan(50);
    }
    assertThat(proxy.metrics().faults().get("slow_connect")).isEqualTo(1);
  }
}
