package dev.chaosproxy;

import static dev.chaosproxy.Direction.DOWNSTREAM;
import static dev.chaosproxy.FakeClock.written;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Latency drawn from a distribution, on a fake clock: order is kept, the cap holds, and a latency
 * toxic that uses none looks exactly like Toxiproxy's. (DelaysTest checks the distributions'
 * shapes.)
 */
class LatencyDistributionTest {
  private final FakeClock clock = new FakeClock();
  private final TestServer echo = TestServer.echo();
  private final ProxyControl proxy = clock.engine.newProxy("tail").upstream(echo.address()).start();

  @AfterEach
  void close() {
    clock.close();
    echo.close();
  }

  @Test
  void heavyTailedDelaysKeepTheOrderAndTheCap() throws Exception {
    proxy
        .downstream()
        .delay(
            Duration.ofMillis(100),
            Duration.ofMillis(80),
            Distribution.PARETO,
            Duration.ofMillis(300));
    try (Socket client = Sockets.connect(proxy)) {
      for (int i = 0; i < 50; i++) {
        client.getOutputStream().write(i);
        clock.awaitRead(proxy, DOWNSTREAM, i + 1);
        clock.advanceMillis(1);
      }
      // The last byte arrived at 49 ms: by 49 + 300 ms every byte is out, none held past its cap.
      clock.advanceMillis(300);
      assertThat(written(proxy, DOWNSTREAM)).isEqualTo(50);
      InputStream in = client.getInputStream();
      for (int i = 0; i < 50; i++) assertThat(in.read()).as("byte %d in order", i).isEqualTo(i);
    }
  }

  @Test
  void aCappedDelayIsNeverLaterThanItsMaximum() throws Exception {
    proxy
        .downstream()
        .delay(
            Duration.ofMillis(500),
            Duration.ofMillis(10),
            Distribution.NORMAL,
            Duration.ofMillis(200));
    try (Socket client = Sockets.connect(proxy)) {
      client.getOutputStream().write(1);
      clock.awaitRead(proxy, DOWNSTREAM, 1);
      clock.advanceMillis(199);
      assertThat(written(proxy, DOWNSTREAM)).as("at 199 ms").isZero();
      clock.advanceMillis(1);
      assertThat(written(proxy, DOWNSTREAM)).as("at the 200 ms cap").isEqualTo(1);
    }
  }

  @Test
  void withoutADistributionTheToxicIsToxiproxysShape() {
    proxy.delay(Duration.ofMillis(100), Duration.ofMillis(10));
    assertThat(proxy.toxics().get(0).attributes())
        .isEqualTo(Map.of("latency", 100L, "jitter", 10L));
    proxy.reset();
    proxy.delay(Duration.ofMillis(100), Duration.ofMillis(10), Distribution.LOGNORMAL);
    assertThat(proxy.toxics().get(0).attributes())
        .containsEntry("distribution", "lognormal")
        .doesNotContainKey("max");
  }
}
