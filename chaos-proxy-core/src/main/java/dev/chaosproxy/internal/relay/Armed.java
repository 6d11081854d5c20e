package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Trigger;
import dev.chaosproxy.internal.chaos.TriggerSpec;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A toxic's trigger as its proxy (or connection) holds it from the moment the toxic was added: the
 * accept order it counts connections from, the time its window is measured from, and its {@code
 * once} claim, shared by all connections.
 */
final class Armed {
  final Trigger trigger;
  final TriggerSpec spec;

  /** The index of the first connection it counts (number 1). */
  final long firstIndex;

  final long addedNanos;
  private final AtomicBoolean taken = new AtomicBoolean();

  Armed(Trigger trigger, long firstIndex, long addedNanos) {
    this.trigger = trigger;
    this.spec = TriggerSpec.of(trigger);
    this.firstIndex = firstIndex;
    this.addedNanos = addedNanos;
  }

  /** Whether {@code c} is one of the connections it is for. */
  boolean chooses(Connection c) {
    if (!spec.byConnection()) return true;
    return spec.matchesConnection(c.index - firstIndex + 1, c.clientAddress);
  }

  /** Whether its window is open at {@code now}. */
  boolean inWindow(long now) {
    long from = spec.duringFromNanos();
    if (from < 0) return true;
    long since = now - addedNanos;
    long to = spec.duringToNanos();
    return since >= from && (to < 0 || since < to);
  }

  /** Takes it for one connection: always true unless it is {@code once} and taken already. */
  boolean claim() {
    return !spec.once() || taken.compareAndSet(false, true);
  }
}
