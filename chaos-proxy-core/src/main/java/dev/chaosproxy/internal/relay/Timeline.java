package dev.chaosproxy.internal.relay;

import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What fired on one proxy, newest last, bounded: past {@link #CAPACITY} events the oldest are
 * dropped (and counted). Written from the loops, read from any thread.
 */
public final class Timeline {
  /** Events a proxy keeps. */
  public static final int CAPACITY = 1000;

  private final String proxy;
  private final ArrayDeque<ChaosEvent> events = new ArrayDeque<>();
  private long sequence;
  private long dropped;

  Timeline(String proxy) {
    this.proxy = proxy;
  }

  void record(Connection c, Toxic toxic, Direction direction, long offset) {
    record(c, toxic, direction, offset, null);
  }

  synchronized void record(
      Connection c, Toxic toxic, Direction direction, long offset, String request) {
    if (events.size() == CAPACITY) {
      events.pollFirst();
      dropped++;
    }
    events.addLast(
        new ChaosEvent(
            ++sequence,
            Instant.now(),
            proxy,
            c.id,
            c.index + 1,
            toxic.name(),
            toxic.type(),
            direction,
            offset,
            request));
  }

  /** The events kept whose sequence is greater than {@code after}, oldest first. */
  public synchronized List<ChaosEvent> since(long after) {
    List<ChaosEvent> out = new ArrayList<>();
    for (ChaosEvent e : events) if (e.sequence() > after) out.add(e);
    return out;
  }

  /**
   * Forgets the events kept (a PER_CLASS proxy between tests); sequences go on from where they
   * were.
   */
  public synchronized void clear() {
    events.clear();
  }

  /** The sequence of the newest event, 0 before the first. */
  public synchronized long last() {
    return sequence;
  }

  /** How many events were dropped to keep the bound. */
  public synchronized long dropped() {
    return dropped;
  }
}
