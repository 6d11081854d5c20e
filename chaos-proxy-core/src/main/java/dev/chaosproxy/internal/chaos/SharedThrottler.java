package dev.chaosproxy.internal.chaos;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One rate shared by many flows on any threads: a shared link. The link keeps one time line of
 * reservations; a flow holds at most two, each a bounded piece (about {@link
 * Throttler#QUANTUM_NANOS} of the link's time, at most {@link #MAX_PIECE}), and reserves another
 * only as it starts writing one, so the flows with data get the link in turn, round-robin, however
 * fast each reads. Lock-free: one compare-and-set per piece, nothing held across I/O. Reservations
 * run ahead of "now", so a late timer costs no throughput, and credit left idle is capped at {@link
 * Throttler#BURST_NANOS}, as in {@link Throttler}.
 */
public final class SharedThrottler {
  /**
   * The longest a waiting flow sleeps before looking again: a change of rate (made on another
   * proxy's toxic, say) reaches it within this time.
   */
  public static final long MAX_WAIT_NANOS = 100_000_000L;

  /**
   * The largest piece: larger than {@link Throttler#MAX_PIECE}, so that at high rates a piece is
   * still about 2 ms of the link and a turn of n flows outlasts a loop's late wake-up.
   */
  static final long MAX_PIECE = 256 * 1024;

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

  /** Reserves the next piece of at most {@code wanted} bytes into {@code r}; false at rate 0. */
  private boolean reserve(Reservation r, long now, long wanted) {
    while (true) {
      State s = state.get();
      if (s.bytesPerSecond == 0) return false;
      long piece =
          Math.min(
              wanted,
              Math.max(
                  1, Math.min(MAX_PIECE, bytesFor(Throttler.QUANTUM_NANOS, s.bytesPerSecond))));
      long cost = nanosFor(piece, s.bytesPerSecond);
      // Credit covers at least one piece, or a byte a second would never earn one.
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
        r.bytes = piece;
        r.at = start;
        r.generation = s.generation;
        return true;
      }
    }
  }

  /**
   * Gives back the time of {@code r}'s bytes, reserved and not written, unless the rate changed.
   */
  private void refund(Reservation r) {
    while (r.bytes > 0) {
      State s = state.get();
      if (s.generation != r.generation || s.bytesPerSecond == 0) break;
      State back =
          new State(
              s.until - nanosFor(r.bytes, s.bytesPerSecond), s.bytesPerSecond, s.generation, false);
      if (state.compareAndSet(s, back)) break;
    }
    r.bytes = 0;
  }

  private long generation() {
    return state.get().generation;
  }

  /** Bytes a flow may write from {@code at} on, reserved at the rate of {@code generation}. */
  private static final class Reservation {
    long bytes;
    long at;
    long generation;

    void takeFrom(Reservation other) {
      bytes = other.bytes;
      at = other.at;
      generation = other.generation;
      other.bytes = 0;
    }
  }

  /**
   * One flow's use of the link: the piece it may write now or next, and, while it has more to
   * write, the one after, so that a flow whose loop wakes it late keeps its place in the turn. Not
   * thread-safe: each flow's share lives on the flow's event loop.
   */
  public final class Share {
    private final Reservation current = new Reservation();
    private final Reservation next = new Reservation();

    private Share() {}

    /**
     * Takes up to {@code wanted} bytes at {@code now}, of the {@code backlog} bytes the flow holds
     * (at least {@code wanted}): the count that may be written now (≥ 1), or a value ≤ 0 whose
     * negation is the nanoseconds to wait (at most {@link #MAX_WAIT_NANOS}, also at rate 0, so a
     * waiting flow sees a new rate soon). Call {@link #written} with what was.
     */
    public long take(long now, long wanted, long backlog) {
      if (wanted <= 0) throw new IllegalArgumentException("wanted must be positive, was " + wanted);
      long ready = Math.max(wanted, backlog);
      long generation = generation();
      if (current.bytes > 0 && current.generation != generation) current.bytes = 0; // new rate
      if (next.bytes > 0 && next.generation != generation) next.bytes = 0;
      if (current.bytes == 0) {
        if (next.bytes > 0) {
          current.takeFrom(next);
        } else if (!reserve(current, now, wanted)) {
          return -MAX_WAIT_NANOS;
        }
      }
      // More to write than this piece: queue for the one after now, to keep the flow's turn.
      if (next.bytes == 0 && ready > current.bytes) reserve(next, now, ready - current.bytes);
      long wait = current.at - now;
      if (wait > 0) return -Math.min(wait, MAX_WAIT_NANOS);
      return Math.min(wanted, current.bytes);
    }

    /** Told that {@code n} of the bytes taken were written. */
    public void written(long n) {
      current.bytes = Math.max(0, current.bytes - n);
    }

    /** Gives back what this flow reserved and did not write: it leaves the link. */
    public void release() {
      refund(next); // the later one first: it is more likely the link's last
      refund(current);
    }

    /** The bytes reserved and not yet written (for tests). */
    long reserved() {
      return current.bytes + next.bytes;
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
