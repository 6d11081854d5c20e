package dev.chaosproxy;

import static dev.chaosproxy.Direction.DOWNSTREAM;
import static dev.chaosproxy.FakeClock.written;
import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults beyond Toxiproxy's set, on a fake clock: stalls (a lost segment's pause) and slow
 * connects. WallClockTimingIT checks a slow connect on real time.
 */
class StallAndSlowConnectTest {
  private final FakeClock clock = new FakeClock();
  private final TestServer echo = TestServer.echo();
  private final ProxyControl proxy = clock.engine.newProxy("svc").upstream(echo.address()).start();

  @AfterEach
  void close() {
    clock.close();
    echo.close();
  }

  @Test
  void stallHoldsChunks() throws Exception {
    proxy.downstream().stall(1.0, Duration.ofMillis(150));
    try (Socket client = Sockets.connect(proxy)) {
      client.getOutputStream().write(1);
      clock.awaitRead(proxy, DOWNSTREAM, 1);
      clock.advanceMillis(149);
      assertThat(written(proxy, DOWNSTREAM)).as("written at 149 ms").isZero();
      clock.advanceMillis(1);
      assertThat(written(proxy, DOWNSTREAM)).as("written at 150 ms").isEqualTo(1);
      assertThat(client.getInputStream().read()).isEqualTo(1);
    }
    proxy.downstream().stall(0.0, Duration.ofMillis(150));
    try (Socket client = Sockets.connect(proxy)) {
      for (int i = 0; i < 3; i++) Timing.roundTrip(client); // while time stands still
    }
  }

  @Test
  void slowConnectDelaysTheUpstreamConnect() throws Exception {
    proxy.slowConnect(Duration.ofMillis(300));
    try (Socket client = Sockets.connect(proxy)) {
      client.getOutputStream().write(42);
      await("the connection is listed").until(() -> proxy.connections().size() == 1);
      clock.advanceMillis(299);
      assertThat(proxy.connections().get(0).upstream()).as("upstream at 299 ms").isNull();
      assertThat(echo.acceptedCount()).isZero();
      clock.advanceMillis(1);
      assertThat(proxy.connections().get(0).upstream()).as("upstream at 300 ms").isNotNull();
      assertThat(client.getInputStream().read()).isEqualTo(42);
      // An established connection is not slowed further.
      for (int i = 0; i < 3; i++) Timing.roundTrip(client);
    }
    assertThat(proxy.metrics().faults().get("slow_connect")).isEqualTo(1);
  }
}
