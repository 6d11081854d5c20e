package dev.chaosproxy.internal.chaos;

/**
 * A bandwidth budget as a pure function of time, after Okio's {@code Throttler}: given "now" and a
 * byte count, it says how many bytes may pass at once, or how long to wait. Credit does not pile up
 * while idle beyond a short burst, so the long-run rate is accurate and a late timer costs no
 * throughput.
 */
public final class Throttler {
  /** How much time's worth of credit may accumulate (absorbs late wake-ups). */
  static final long BURST_NANOS = 10_000_000L;

  /** Bytes are released in pieces worth about this much time, to keep wake-ups few. */
  static final long QUANTUM_NANOS = 2_000_000L;

  static final long MAX_PIECE = 64 * 1024;

  /** {@link #take} result meaning: nothing will pass until the rate changes. */
  public static final long FOREVER = Long.MIN_VALUE;

  private long bytesPerSecond;

  /** The time up to which the bytes already released have "used" the link. */
  private long allocatedUntil;

  private boolean started;

  public Throttler(long bytesPerSecond) {
    rate(bytesPerSecond);
  }

  public void rate(long newBytesPerSecond) {
    if (newBytesPerSecond < 0)
      throw new IllegalArgumentException("rate must be >= 0, was " + newBytesPerSecond);
    this.bytesPerSecond = newBytesPerSecond;
  }

  public long rate() {
    return bytesPerSecond;
  }

  /**
   * Takes up to {@code wanted} bytes at {@code now}. Returns the count taken (≥ 1), or a value ≤ 0
   * whose negation is the nanoseconds to wait, or {@link #FOREVER} when the rate is zero.
   */
  public long take(long now, long wanted) {
    if (wanted <= 0) throw new IllegalArgumentException("wanted must be positive, was " + wanted);
    if (bytesPerSecond == 0) return FOREVER;
    long piece = Math.min(wanted, Math.max(1, Math.min(MAX_PIECE, bytesFor(QUANTUM_NANOS))));
    // Credit may cover at least one piece, or slow rates (a byte per second) would never earn one.
    long burst = Math.max(BURST_NANOS, nanosFor(piece));
    if (!started) {
      allocatedUntil = now;
      started = true;
    } else if (allocatedUntil - (now - burst) < 0) {
      allocatedUntil = now - burst;
    }
    long credit = now - allocatedUntil;
    long creditBytes = credit <= 0 ? 0 : bytesFor(credit);
    if (creditBytes < piece) {
      return -Math.max(1, nanosFor(piece) - credit);
    }
    long n = Math.min(wanted, Math.min(creditBytes, MAX_PIECE));
    allocatedUntil += nanosFor(n);
    return n;
  }

  private long bytesFor(long nanos) {
    // nanos <= ~1e10 here and rates <= ~1e11, so use a double to avoid overflow; exactness is
    // kept by nanosFor, which is what advances the clock.
    return (long) ((double) nanos * bytesPerSecond / 1e9);
  }

  private long nanosFor(long bytes) {
    // Round up so the long-run rate never exceeds the setting.
    return (long) Math.ceil((double) bytes * 1e9 / bytesPerSecond);
  }
}
