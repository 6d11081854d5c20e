package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;

/**
 * One toxic at work on one flow (one direction of one connection), with the state it needs there: a
 * throttle's budget, a slice in progress, a pending timer. Loop thread only.
 *
 * <p>Hooks, all optional: {@link #onRead} sees each chunk as it is read and may change or drop it;
 * {@link #allow} gates writes of the head of the queue; {@link #eofDelay} gates the close.
 */
public abstract class Effect {
  /** {@link #allow} result: nothing passes until the toxic changes. */
  static final long FOREVER = Long.MIN_VALUE;

  final Flow flow;
  final Rng rng;
  Toxic toxic;

  /** Whether its first firing on this connection is on the timeline already. */
  private boolean reported;

  Effect(Flow flow, Toxic toxic, Rng rng) {
    this.flow = flow;
    this.rng = rng;
    this.toxic = toxic;
  }

  /** Makes the effect of one toxic on one flow; each toxic type's descriptor names its own. */
  @FunctionalInterface
  public interface Factory {
    Effect create(Flow flow, Toxic toxic, Rng rng);
  }

  static Effect create(Flow flow, Toxic toxic, Rng rng) {
    return ToxicDescriptor.of(toxic.type()).effect().create(flow, toxic, rng);
  }

  /**
   * Counts a fault of this toxic; the first on its connection goes on the proxy's timeline, at the
   * byte being acted on.
   */
  final void fired() {
    flow.fault(toxic.type());
    if (!reported) {
      reported = true;
      flow.connection().reportFired(toxic, flow, flow.offset());
    }
  }

  /** Its firing was put on the timeline by its trigger. */
  final void reported() {
    reported = true;
  }

  /** Takes the toxic's new attributes, keeping the state built so far. */
  void update(Toxic changed) {
    this.toxic = changed;
    configure();
  }

  /**
   * Reads what it needs of {@link #toxic}'s attributes: after each {@link #update}, and from
   * subclass constructors.
   */
  void configure() {}

  /** Starts acting (timers start here). */
  void attach(long now) {}

  /** Stops acting because the toxic was removed or no longer applies; may act one last time. */
  void detach() {
    dispose();
  }

  /** Releases what it holds (timers) without acting: the connection is ending. */
  void dispose() {}

  /** Sees a chunk just read; returns it (perhaps changed), or null to drop it. */
  Chunk onRead(Chunk chunk, long now) {
    return chunk;
  }

  /**
   * How many of {@code wanted} bytes of {@code head} may be written at {@code now}: a count ≥ 1, or
   * ≤ 0 meaning wait that many nanoseconds (negated), or {@link #FOREVER}.
   */
  long allow(Chunk head, long now, long wanted) {
    return wanted;
  }

  /** Told that {@code n} bytes of {@code head} were written. */
  void onWritten(Chunk head, int n, long now) {}

  /** Nanoseconds the close must still wait at {@code now}; 0 when it may be forwarded now. */
  long eofDelay(long now) {
    return 0;
  }

  /** The delay this toxic adds to every chunk, in nanoseconds. */
  long latency() {
    return 0;
  }

  /**
   * Whether it acts on the bytes (reads, writes or the close); one that only keeps a timer
   * (session_limit) or acted before any byte (slow_connect) leaves the flow on its fast path.
   */
  boolean touchesData() {
    return true;
  }

  /** Whether it discards what is read (a source's close then closes the connection). */
  boolean drops() {
    return false;
  }

  /**
   * Told that the source closed while this effect drops what is read; true if it decides how the
   * connection ends (a pending reset), false to let the connection close gracefully.
   */
  boolean ownsEnd() {
    return false;
  }
}
