package dev.chaosproxy;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ScheduleState.Status;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules on real time, seen by real clients: an outage that heals, a blackhole that comes and
 * goes. Durations are short and tolerances generous; ScheduleTest checks the timing on a fake
 * clock.
 */
class ScheduleTrafficTest {
  private static final Duration WAIT = ofSeconds(10);
  private final ChaosEngine engine = ChaosEngine.start();
  private final TestServer echo = TestServer.echo();

  @AfterEach
  void close() {
    engine.close();
    echo.close();
  }

  @Test
  void anOutageRefusesThenTheProxyServesAgain() throws Exception {
    ProxyControl db = engine.newProxy("db").upstream(echo.address()).start();
    try (Socket live = Sockets.connect(db)) {
      Timing.roundTrip(live);
      long start = System.nanoTime();
      ScheduleControl outage = db.schedule(Schedule.named("outage").down(ofMillis(600)).build());
      assertThat(Sockets.readOutcome(live.getInputStream()))
          .as("the live connection")
          .isEqualTo("eof");
      assertThatThrownBy(() -> Sockets.connect(db)).isInstanceOf(ConnectException.class);

      assertThat(outage.awaitEnd(WAIT).status()).isEqualTo(Status.ENDED);
      assertThat(Timing.millisSince(start)).as("outage ms").isBetween(550.0, 5_000.0);
      try (Socket again = Sockets.connect(db)) {
        Timing.roundTrip(again);
      }
    }
  }

  @Test
  void aClientSeesTheBlackholeComeAndGo() throws Exception {
    ProxyControl redis = engine.newProxy("redis").upstream(echo.address()).start();
    ScheduleControl flap =
        redis.schedule(
            Schedule.named("flap")
                .step(ofMillis(700), c -> c.downstream().blackhole())
                .pause(ofMillis(700))
                .repeatForever()
                .build());
    for (int pass = 0; pass < 2; pass++) {
      flap.awaitStep(0, WAIT);
      assertThat(echoes(redis)).as("an echo in the blackhole, pass " + pass).isFalse();
      flap.awaitStep(1, WAIT);
      assertThat(echoes(redis)).as("an echo in the pause, pass " + pass).isTrue();
    }
    assertThat(flap.state().iteration()).isGreaterThanOrEqualTo(1);
    redis.reset();
    assertThat(flap.state().status()).isEqualTo(Status.STOPPED);
    assertThat(echoes(redis)).as("an echo after reset").isTrue();
  }

  /** Whether a byte sent on a new connection comes back within 300 ms. */
  private static boolean echoes(ProxyControl proxy) throws IOException {
    try (Socket s = Sockets.connect(proxy)) {
      s.setSoTimeout(300);
      s.getOutputStream().write(7);
      return Sockets.readOutcome(s.getInputStream()).equals("data");
    }
  }
}
