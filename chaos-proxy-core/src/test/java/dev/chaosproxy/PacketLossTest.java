package dev.chaosproxy;

import static dev.chaosproxy.Direction.DOWNSTREAM;
import static dev.chaosproxy.FakeClock.written;
import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code packet_loss} on a fake clock: a lost chunk waits a retransmission timeout that doubles
 * with each loss in a row; losses come at their rate, in bursts with correlation; {@code mode=drop}
 * drops the bytes, as Toxiproxy does.
 */
class PacketLossTest {
  private final FakeClock clock = new FakeClock();
  private final TestServer echo = TestServer.echo();
  private final ProxyControl proxy =
      clock.engine.newProxy("lossy").upstream(echo.address()).start();

  @AfterEach
  void close() {
    clock.close();
    echo.close();
  }

  @Test
  void aLostChunkWaitsTheRetransmissionTimeoutDoubledForEachLossInARow() throws Exception {
    proxy.downstream().packetLoss(1.0, 0.0);
    try (Socket client = Sockets.connect(proxy)) {
      for (int loss = 1; loss <= 3; loss++) {
        long timeout = 200L << (loss - 1);
        client.getOutputStream().write(loss);
        clock.awaitRead(proxy, DOWNSTREAM, loss);
        clock.advanceMillis(timeout - 1);
        assertThat(written(proxy, DOWNSTREAM))
            .as("loss %d at %d ms", loss, timeout - 1)
            .isEqualTo(loss - 1);
        clock.advanceMillis(1);
        assertThat(written(proxy, DOWNSTREAM))
            .as("loss %d at %d ms", loss, timeout)
            .isEqualTo(loss);
        assertThat(client.getInputStream().read()).isEqualTo(loss);
      }
    }
    assertThat(proxy.metrics().faults()).containsEntry("packet_loss", 3L);
  }

  @Test
  void noLossPassesEveryChunkAtOnce() throws Exception {
    proxy.packetLoss(0.0, 1.0); // correlation only acts after a loss
    try (Socket client = Sockets.connect(proxy)) {
      for (int i = 0; i < 20; i++) Timing.roundTrip(client); // while time stands still
    }
    assertThat(proxy.metrics().faults()).containsEntry("packet_loss", 0L);
  }

  @Test
  void lossesComeAtTheirRateAndInBurstsWithCorrelation() throws Exception {
    int[] independent = sample(0.3, 0.0, 400);
    // 120 expected, sigma 9: generous bounds.
    assertThat(independent[0]).as("losses of 400 at 30 %%").isBetween(80, 160);
    assertThat(ratio(independent)).as("a loss after a loss, correlation 0").isBetween(0.15, 0.45);

    proxy.reset();
    int[] bursty = sample(0.2, 0.5, 400);
    // After a loss the chance is 0.7, after a pass 0.2: a loss follows a loss far more often.
    assertThat(ratio(bursty)).as("a loss after a loss, correlation 0.5").isBetween(0.55, 0.85);
  }

  @Test
  void dropModeDropsTheBytesAsToxiproxyDoes() throws Exception {
    proxy
        .downstream()
        .add(
            Toxic.of(
                ToxicType.PACKET_LOSS,
                Direction.DOWNSTREAM,
                Map.of("loss_rate", 1.0, "mode", "drop")));
    try (Socket client = Sockets.connect(proxy)) {
      client.getOutputStream().write(7);
      clock.awaitRead(proxy, DOWNSTREAM, 1);
      clock.advanceMillis(60_000);
      assertThat(written(proxy, DOWNSTREAM)).as("dropped, not held").isZero();
      proxy.downstream().clear();
      assertThat(Timing.roundTrip(client)).as("the connection goes on").isPositive();
    }
  }

  @Test
  void itsAttributesAreToxiproxysWithDefaultsAndRanges() {
    Toxic t = Toxic.of(ToxicType.PACKET_LOSS, Direction.DOWNSTREAM, Map.of());
    assertThat(t.attributes())
        .containsEntry("loss_rate", 0.1)
        .containsEntry("correlation", 0.0)
        .containsEntry("retransmit_timeout", 200L)
        .containsEntry("mode", "retransmit");
    assertThatThrownBy(() -> proxy.packetLoss(1.5, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loss_rate")
        .hasMessageContaining("1.5");
    assertThatThrownBy(
            () -> Toxic.of(ToxicType.PACKET_LOSS, Direction.DOWNSTREAM, Map.of("mode", "lose")))
        .hasMessageContaining("mode");
  }

  /**
   * Sends {@code n} single bytes one at a time through a {@code packetLoss(rate, correlation)}
   * link; returns {losses, losses right after a loss}.
   */
  private int[] sample(double rate, double correlation, int n) throws IOException {
    proxy.downstream().packetLoss(rate, correlation);
    int losses = 0;
    int afterLoss = 0;
    boolean lastLost = false;
    long base = written(proxy, DOWNSTREAM);
    long readBase = FakeClock.read(proxy, DOWNSTREAM);
    try (Socket client = Sockets.connect(proxy)) {
      for (int i = 1; i <= n; i++) {
        client.getOutputStream().write(i & 0x7f);
        clock.awaitRead(proxy, DOWNSTREAM, readBase + i);
        boolean lost = written(proxy, DOWNSTREAM) < base + i;
        if (lost) {
          losses++;
          if (lastLost) afterLoss++;
          clock.advanceMillis(200L << 6); // past any back-off
        }
        long expected = base + i;
        await("byte " + i + " written").until(() -> written(proxy, DOWNSTREAM) >= expected);
        assertThat(client.getInputStream().read()).isEqualTo(i & 0x7f);
        lastLost = lost;
      }
    }
    return new int[] {losses, afterLoss};
  }

  private static double ratio(int[] sample) {
    return sample[0] == 0 ? 0 : (double) sample[1] / sample[0];
  }
}
