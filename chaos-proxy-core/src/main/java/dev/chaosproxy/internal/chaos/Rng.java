package dev.chaosproxy.internal.chaos;

/**
 * A small, fast, deterministic random stream (SplitMix64). The same seed gives the same numbers on
 * every JVM, which is what makes a chaos run replayable. Not thread-safe: one per owner.
 */
public final class Rng {
  private long state;

  public Rng(long seed) {
    this.state = seed;
  }

  /** Mixes values into a seed for a derived, independent stream. */
  public static long mix(long a, long b) {
    return finish(a * 0x9E3779B97F4A7C15L + finish(b + 0x632BE59BD9B4E019L));
  }

  /**
   * A stable 64-bit hash of a string (not {@link String#hashCode()}, whose 32 bits collide easily).
   */
  public static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return finish(h);
  }

  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return finish(state);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound); bound must be positive. */
  public long nextLong(long bound) {
    if (bound <= 0) throw new IllegalArgumentException("bound must be positive, was " + bound);
    long r = nextLong() >>> 1;
    long m = bound - 1;
    if ((bound & m) == 0) return r & m;
    for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {
      // rejection sampling keeps it uniform
    }
    return r;
  }

  /** Uniform in [min, max], inclusive. */
  public long between(long min, long max) {
    if (max <= min) return min;
    return min + nextLong(max - min + 1);
  }

  /** True with probability {@code p}; never for 0, always for 1. */
  public boolean chance(double p) {
    return p > 0 && (p >= 1 || nextDouble() < p);
  }

  public void nextBytes(byte[] out, int from, int to) {
    long r = 0;
    for (int i = from, left = 0; i < to; i++, left--, r >>>= 8) {
      if (left == 0) {
        r = nextLong();
        left = 8;
      }
      out[i] = (byte) r;
    }
  }
}
