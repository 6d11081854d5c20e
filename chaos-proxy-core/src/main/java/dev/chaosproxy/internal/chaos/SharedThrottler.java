package dev.chaosproxy.internal.chaos;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One rate shared by many flows on any threads: a shared link. The link keeps one time line of
 * reservations; a flow reserves one bounded piece at a time (about {@link Throttler#QUANTUM_NANOS}
 * of the link's time, at most {@link Throttler#MAX_PIECE}) and may reserve the next only once it
 * has written it, so the flows waiting get the link in turn, round-robin, however fast each reads.
 * Lock-free: one compare-and-set per piece, nothing held across I/O. Reservations run ahead of
 * "now", so a late timer costs no throughput, and credit left idle is capped at {@link
 * Throttler#BURST_NANOS}, as in {@link Throttler}.
 */
public final class SharedThrottler {
  /**
   * The longest a waiting flow sleeps before looking again: a change of rate (made on another
   * proxy's toxic, say) reaches it within this time.
   */
  public static final long MAX_WAIT_NANOS = 100_000_000L;

  /** The link's time line, replaced whole on every change. */
  private static final class State {
    /** The time up to which the bytes reserved so far use the link. */
    final long until;

    final long bytesPerSecond;

    /** Bumped by every change of rate: reservations made before it are void. */
    final long generation;

    /** True until the first reservation after a change: the time line starts at that "now". */
    final boolean fresh;

    State(long until, long bytesPerSecond, long generation, boolean fresh) {
      this.until = until;
      this.bytesPerSecond = bytesPerSecond;
      this.generation = generation;
      this.fresh = fresh;
    }
  }

  private final AtomicReference<State> state;

  public SharedThrottler(long bytesPerSecond) {
    state = new AtomicReference<>(new State(0, checkRate(bytesPerSecond), 0, true));
  }

  private static long checkRate(long bytesPerSecond) {
    if (bytesPerSecond < 0)
      throw new IllegalArgumentException("rate must be >= 0 bytes/s, was " + bytesPerSecond);
    return bytesPerSecond;
  }

  /** Sets the link's rate; what was reserved at the old rate is void. Any thread. */
  public void rate(long bytesPerSecond) {
    checkRate(bytesPerSecond);
    while (true) {
      State s = state.get();
      if (s.bytesPerSecond == bytesPerSecond) return;
      if (state.compareAndSet(s, new State(s.until, bytesPerSecond, s.generation + 1, true)))
        return;
    }
  }

  public long rate() {
    return state.get().bytesPerSecond;
  }

  /** A new flow's share of this link; use it on one thread. */
  public Share share() {
    return new Share();
  }

  /** Reserves the next piece of at most {@code wanted} bytes for {@code share}; false at rate 0. */
  private boolean reserve(Share share, long now, long wanted) {
    while (true) {
      State s = state.get();
      if (s.bytesPerSecond == 0) return false;
      long piece =
          Math.min(
              wanted,
              Math.max(
                  1,
                  Math.min(
                      Throttler.MAX_PIECE, bytesFor(Throttler.QUANTUM_NANOS, s.bytesPerSecond))));
      long cost = nanosFor(piece, s.bytesPerSecond);
      // Credit may cover at least one piece, or slow rates (a byte per second) would never earn
      // one.
      long burst = Math.max(Throttler.BURST_NANOS, cost);
      long start;
      if (s.fresh) {
        start = now;
      } else if (s.until - (now - burst) < 0) {
        start = now - burst; // idle: the credit is capped
      } else {
        start = s.until; // behind the pieces reserved before it, in turn
      }
      if (state.compareAndSet(s, new State(start + cost, s.bytesPerSecond, s.generation, false))) {
        share.reserved = piece;
        share.at = start;
        share.generation = s.generation;
        return true;
      }
    }
  }

  /** Gives back the time of {@code bytes} reserved and not written, unless the rate changed. */
  private void refund(long bytes, long generation) {
    while (true) {
      State s = state.get();
      if (s.generation != generation || s.bytesPerSecond == 0) return;
      State back =
          new State(
              s.until - nanosFor(bytes, s.bytesPerSecond), s.bytesPerSecond, s.generation, false);
      if (state.compareAndSet(s, back)) return;
    }
  }

  private long generation() {
    return state.get().generation;
  }

  /**
   * One flow's use of the link: its reservation, if it holds one. Not thread-safe: each flow's
   * share lives on the flow's event loop.
   */
  public final class Share {
    private long reserved;
    private long at;
    private long generation;

    private Share() {}

    /**
     * Takes up to {@code wanted} bytes at {@code now}: the count that may be written now (≥ 1), or
     * a value ≤ 0 whose negation is the nanoseconds to wait (at most {@link #MAX_WAIT_NANOS}, also
     * at rate 0, so a waiting flow sees a new rate soon). Call {@link #written} with what was.
     */
    public long take(long now, long wanted) {
      if (wanted <= 0) throw new IllegalArgumentException("wanted must be positive, was " + wanted);
      if (reserved > 0 && generation != generation()) reserved = 0; // the rate changed
      if (reserved == 0 && !reserve(this, now, wanted)) return -MAX_WAIT_NANOS;
      long wait = at - now;
      if (wait > 0) return -Math.min(wait, MAX_WAIT_NANOS);
      return Math.min(wanted, reserved);
    }

    /** Told that {@code n} of the bytes taken were written. */
    public void written(long n) {
      reserved = Math.max(0, reserved - n);
    }

    /** Gives back what this flow reserved and did not write: it leaves the link. */
    public void release() {
      if (reserved > 0) refund(reserved, generation);
      reserved = 0;
    }

    /** The bytes reserved and not yet written (for tests). */
    long reserved() {
      return reserved;
    }
  }

  private static long bytesFor(long nanos, long bytesPerSecond) {
    return (long) ((double) nanos * bytesPerSecond / 1e9);
  }

  private static long nanosFor(long bytes, long bytesPerSecond) {
    // Round up so the long-run rate never exceeds the setting.
    return (long) Math.ceil((double) bytes * 1e9 / bytesPerSecond);
  }
}
