package dev.chaosproxy;

import static dev.chaosproxy.Direction.DOWNSTREAM;
import static dev.chaosproxy.Direction.UPSTREAM;
import static dev.chaosproxy.FakeClock.written;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The latency toxic on a fake clock: delay per direction, jitter, changes and removal releasing
 * held data, each exact to the millisecond. WallClockTimingIT keeps real-time checks.
 */
class LatencyTest {
  private final FakeClock clock = new FakeClock();
  private final TestServer echo = TestServer.echo();
  private final ProxyControl proxy = clock.engine.newProxy("db").upstream(echo.address()).start();

  @AfterEach
  void close() {
    clock.close();
    echo.close();
  }

  @Test
  void withoutADelayBytesPassWhileTimeStandsStill() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      for (int i = 0; i < 5; i++) assertThat(echoed(client, i)).isEqualTo(i);
    }
  }

  @Test
  void delaysOneDirectionByExactlyItsLatency() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      proxy.downstream().delay(Duration.ofMillis(100));
      client.getOutputStream().write(7);
      clock.awaitRead(proxy, DOWNSTREAM, 1);
      assertThat(written(proxy, UPSTREAM)).as("upstream is not delayed").isEqualTo(1);
      assertReleasedAfter(DOWNSTREAM, 100, 1);
      assertThat(client.getInputStream().read()).isEqualTo(7);
    }
  }

  @Test
  void unscopedDelayAppliesToEachDirection() throws Exception {
    proxy.delay(Duration.ofMillis(60));
    assertThat(proxy.toxics())
        .extracting(Toxic::name)
        .containsExactly("latency_upstream", "latency_downstream");
    try (Socket client = Sockets.connect(proxy)) {
      client.getOutputStream().write(7);
      clock.awaitRead(proxy, UPSTREAM, 1);
      assertReleasedAfter(UPSTREAM, 60, 1);
      clock.awaitRead(proxy, DOWNSTREAM, 1);
      assertReleasedAfter(DOWNSTREAM, 60, 1);
      assertThat(client.getInputStream().read()).isEqualTo(7);
    }
  }

  @Test
  void jitterSpreadsDelaysAroundTheLatency() throws Exception {
    proxy.downstream().delay(Duration.ofMillis(50), Duration.ofMillis(30));
    List<Long> delays = new ArrayList<>();
    try (Socket client = Sockets.connect(proxy)) {
      for (int i = 1; i <= 30; i++) {
        client.getOutputStream().write(i);
        clock.awaitRead(proxy, DOWNSTREAM, i);
        long waited = 0;
        while (written(proxy, DOWNSTREAM) < i) {
          clock.advanceMillis(1);
          waited++;
        }
        delays.add(waited);
        assertThat(client.getInputStream().read()).isEqualTo(i);
      }
    }
    assertThat(delays).allSatisfy(ms -> assertThat(ms).isBetween(20L, 80L));
    long min = delays.stream().mapToLong(d -> d).min().orElseThrow();
    long max = delays.stream().mapToLong(d -> d).max().orElseThrow();
    assertThat(max - min).as("spread of %s", delays).isGreaterThan(15);
  }

  @Test
  void removingTheDelayReleasesHeldBytesAtOnce() throws Exception {
    proxy.downstream().delay(Duration.ofSeconds(30));
    try (Socket client = Sockets.connect(proxy)) {
      client.getOutputStream().write(new byte[] {1, 2, 3});
      clock.awaitRead(proxy, DOWNSTREAM, 3);
      assertThat(written(proxy, DOWNSTREAM)).isZero();
      proxy.clear();
      // Not a nanosecond passes on the proxy's clock.
      assertThat(client.getInputStream().readNBytes(3)).containsExactly(1, 2, 3);
    }
  }

  @Test
  void changingTheDelayAppliesToNewBytes() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      proxy.downstream().delay(Duration.ofMillis(150));
      client.getOutputStream().write(1);
      clock.awaitRead(proxy, DOWNSTREAM, 1);
      assertReleasedAfter(DOWNSTREAM, 150, 1);
      assertThat(client.getInputStream().read()).isEqualTo(1);

      proxy.downstream().delay(Duration.ofMillis(20));
      assertThat(proxy.toxics()).hasSize(1);
      client.getOutputStream().write(2);
      clock.awaitRead(proxy, DOWNSTREAM, 2);
      assertReleasedAfter(DOWNSTREAM, 20, 2);
      assertThat(client.getInputStream().read()).isEqualTo(2);
    }
  }

  /** Nothing more is written {@code direction} until exactly {@code millis} have passed. */
  private void assertReleasedAfter(Direction direction, long millis, long total) {
    assertThat(written(proxy, direction)).as("written before the delay").isEqualTo(total - 1);
    clock.advanceMillis(millis - 1);
    assertThat(written(proxy, direction))
        .as("written 1 ms before the delay ends")
        .isEqualTo(total - 1);
    clock.advanceMillis(1);
    assertThat(written(proxy, direction)).as("written when the delay ends").isEqualTo(total);
  }

  private static int echoed(Socket client, int b) throws IOException {
    client.getOutputStream().write(b);
    return client.getInputStream().read();
  }
}
