package dev.chaosproxy;

import java.util.Locale;

/**
 * How a latency toxic's delays spread around its latency. For {@link #UNIFORM} the jitter is the
 * half-width ({@code latency ± jitter}, as Toxiproxy); for the others it is the standard deviation,
 * and the latency the mean, as Linux's netem has them.
 */
public enum Distribution {
  /** Evenly between latency − jitter and latency + jitter. */
  UNIFORM,
  /** Normal (Gaussian), cut at zero. */
  NORMAL,
  /** Log-normal: never negative, a long right tail (queueing). */
  LOGNORMAL,
  /** Pareto (type I): a heavy tail of rare, very late chunks; cap it with a maximum. */
  PARETO;

  /** The name on the wire and in chaos strings, e.g. {@code pareto}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The distribution named {@code name} (any case).
   *
   * @throws IllegalArgumentException naming the valid ones
   */
  public static Distribution parse(String name) {
    for (Distribution d : values()) if (d.wireName().equalsIgnoreCase(name.strip())) return d;
    throw new IllegalArgumentException(
        "unknown distribution '" + name + "'; valid: uniform, normal, lognormal, pareto");
  }
}
