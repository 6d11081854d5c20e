package dev.chaosproxy.internal.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The throttler against a fake clock: exact long-run rates, late wake-ups, rate changes. */
class ThrottlerTest {
  /** The fake clock, shared by consecutive simulations. */
  private long now = 1_000_000_000L;

  /** Simulates a sender that always has {@code chunk} bytes ready, for {@code seconds}. */
  private long simulate(Throttler t, long seconds, long chunk, long lateNanos) {
    long end = now + seconds * 1_000_000_000L;
    long sent = 0;
    while (now - end < 0) {
      long r = t.take(now, chunk);
      if (r > 0) {
        sent += r;
      } else {
        now += -r + lateNanos; // the timer fires, perhaps late
      }
    }
    return sent;
  }

  @ParameterizedTest(name = "{0} bytes/s")
  @ValueSource(longs = {10, 1_000, 10_000, 1_000_000, 50_000_000, 500_000_000})
  void longRunRateIsExact(long rate) {
    long sent = simulate(new Throttler(rate), 10, 65_536, 0);
    assertThat((double) sent).isBetween(rate * 10 * 0.995 - 1, rate * 10 * 1.005 + 65_536);
  }

  @ParameterizedTest(name = "{0} bytes/s")
  @ValueSource(longs = {10_000, 1_000_000, 50_000_000})
  void lateWakeUpsCostNoThroughput(long rate) {
    long sent = simulate(new Throttler(rate), 10, 65_536, 900_000); // every timer 0.9 ms late
    assertThat((double) sent).isBetween(rate * 10 * 0.99, rate * 10 * 1.01 + 65_536);
  }

  @Test
  void idleTimeEarnsOnlyAShortBurst() {
    Throttler t = new Throttler(1_000_000);
    assertThat(t.take(now, 100)).isNegative(); // starts with no credit
    now += 60_000_000_000L; // a minute idle
    long burst = 0;
    long r;
    while ((r = t.take(now, 65_536)) > 0) burst += r;
    assertThat(burst).isLessThanOrEqualTo(1_000_000 / 100 + 1); // at most 10 ms worth
  }

  @Test
  void zeroRateWaitsForever() {
    assertThat(new Throttler(0).take(0, 1)).isEqualTo(Throttler.FOREVER);
  }

  @Test
  void aRateChangeAppliesFromNow() {
    Throttler t = new Throttler(1_000);
    long slow = simulate(t, 2, 1024, 0);
    t.rate(100_000);
    long fast = simulate(t, 2, 1024, 0);
    assertThat(slow).isBetween(1_900L, 2_100L);
    assertThat(fast).isBetween(195_000L, 205_000L);
  }

  @Test
  void smallWritesAreNotHeldForAFullQuantum() {
    Throttler t = new Throttler(10_000);
    long r = t.take(0, 10); // 10 bytes at 10 KB/s take 1 ms
    assertThat(r).isBetween(-1_000_001L, -999_999L);
  }
}
