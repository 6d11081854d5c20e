package dev.chaosproxy.internal.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.chaosproxy.Distribution;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each latency distribution's median and p99 over 10,000 draws, within 5 % of the distribution's
 * own (computed from its parameters here: latency the mean, jitter the standard deviation, or for
 * uniform the half-width).
 */
class DelaysTest {
  private static final double Z99 = 2.3263478740408408; // the standard normal's 99th percentile
  private static final long MS = 1_000_000L;

  @ParameterizedTest(name = "{0}")
  @EnumSource(Distribution.class)
  void medianAndP99MatchTheDistribution(Distribution d) {
    double latency = 100;
    double jitter = 40;
    long[] draws = new long[10_000];
    Rng rng = new Rng(42);
    for (int i = 0; i < draws.length; i++) {
      draws[i] = Delays.sample(d, (long) (latency * MS), (long) (jitter * MS), 0, rng);
    }
    Arrays.sort(draws);
    double median = draws[draws.length / 2] / (double) MS;
    double p99 = draws[(int) (draws.length * 0.99)] / (double) MS;
    assertThat(median)
        .as("median")
        .isCloseTo(
            quantile(d, latency, jitter, 0.5), within(0.05 * quantile(d, latency, jitter, 0.5)));
    assertThat(p99)
        .as("p99")
        .isCloseTo(
            quantile(d, latency, jitter, 0.99), within(0.05 * quantile(d, latency, jitter, 0.99)));
  }

  @Test
  void aMaximumCapsTheTailAndNothingIsNegative() {
    Rng rng = new Rng(7);
    for (int i = 0; i < 10_000; i++) {
      assertThat(Delays.sample(Distribution.PARETO, 100 * MS, 80 * MS, 300 * MS, rng))
          .isBetween(0L, 300 * MS);
      assertThat(Delays.sample(Distribution.NORMAL, 10 * MS, 50 * MS, 0, rng)).isNotNegative();
    }
  }

  @Test
  void noJitterIsTheLatencyItselfWhateverTheDistribution() {
    for (Distribution d : Distribution.values()) {
      assertThat(Delays.sample(d, 5 * MS, 0, 0, new Rng(1))).isEqualTo(5 * MS);
    }
  }

  private static double quantile(Distribution d, double mean, double sd, double q) {
    double z = q == 0.5 ? 0 : Z99;
    switch (d) {
      case UNIFORM:
        return mean + sd * (2 * q - 1);
      case NORMAL:
        return mean + z * sd;
      case LOGNORMAL:
        {
          double sigma2 = Math.log1p((sd / mean) * (sd / mean));
          return Math.exp(Math.log(mean) - sigma2 / 2 + z * Math.sqrt(sigma2));
        }
      case PARETO:
        {
          double cv = sd / mean;
          double shape = 1 + Math.sqrt(1 + 1 / (cv * cv));
          return mean * (shape - 1) / shape / Math.pow(1 - q, 1 / shape);
        }
      default:
        throw new AssertionError(d);
    }
  }
}
