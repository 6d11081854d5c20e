package dev.chaosproxy.internal.chaos;

import dev.chaosproxy.Distribution;

/**
 * Draws one chunk's delay, in nanoseconds, from a {@link Distribution} with a latency (its mean;
 * uniform: its middle) and a jitter (its standard deviation; uniform: the half-width), cut to 0 ..
 * {@code max} (0: no cap).
 */
public final class Delays {
  private Delays() {}

  public static long sample(Distribution d, long latency, long jitter, long max, Rng rng) {
    long delay = jitter <= 0 ? latency : draw(d, latency, jitter, rng);
    if (delay < 0) delay = 0;
    return max > 0 ? Math.min(delay, max) : delay;
  }

  private static long draw(Distribution d, long mean, long sd, Rng rng) {
    switch (d) {
      case UNIFORM:
        return mean + rng.between(-sd, sd);
      case NORMAL:
        return Math.round(mean + sd * gaussian(rng));
      case LOGNORMAL:
        {
          if (mean <= 0) return 0;
          double cv = (double) sd / mean;
          double sigma2 = Math.log1p(cv * cv);
          double mu = Math.log(mean) - sigma2 / 2;
          return Math.round(Math.exp(mu + Math.sqrt(sigma2) * gaussian(rng)));
        }
      case PARETO:
        {
          if (mean <= 0) return 0;
          double cv = (double) sd / mean;
          double shape = 1 + Math.sqrt(1 + 1 / (cv * cv)); // > 2: the mean and sd are finite
          double scale = mean * (shape - 1) / shape;
          return Math.round(scale / Math.pow(1 - rng.nextDouble(), 1 / shape));
        }
      default:
        throw new AssertionError(d);
    }
  }

  /** A standard normal draw (Box-Muller, one of the pair). */
  private static double gaussian(Rng rng) {
    double u = 1 - rng.nextDouble(); // (0, 1]: log(u) is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
