package dev.chaosproxy.testing;

import dev.chaosproxy.internal.loop.EventLoop;
import dev.chaosproxy.internal.loop.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when a test says so. The loops it drives fire the timers due at
 * the new time before {@link #advance} returns, so a test sees their effect at once.
 */
public final class FakeTicker implements Ticker {
  private final AtomicLong now;
  private final List<EventLoop> loops = new CopyOnWriteArrayList<>();

  /** Starts at 0: a valid reading, which code that takes 0 for "unset" gets wrong. */
  public FakeTicker() {
    this(0);
  }

  public FakeTicker(long start) {
    this.now = new AtomicLong(start);
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  /** Has {@link #advance} fire the due timers of {@code loops} (which must read this ticker). */
  public FakeTicker drive(List<EventLoop> more) {
    for (EventLoop loop : more) {
      if (loop.ticker() != this)
        throw new IllegalArgumentException(loop + " does not read this ticker");
    }
    loops.addAll(more);
    return this;
  }

  /** Moves time on by {@code by} and waits until every driven loop has fired its due timers. */
  public void advance(Duration by) {
    if (by.isNegative()) throw new IllegalArgumentException("time cannot go back, by " + by);
    now.addAndGet(by.toNanos());
    for (EventLoop loop : loops) {
      EventLoop.await(
          loop.submit(
              () -> {
                loop.runDueTimers();
                return null;
              }));
    }
  }

  /** Waits until every driven loop has done what it was doing: a barrier, time stays put. */
  public void sync() {
    advance(Duration.ZERO);
  }

  /** Moves time on by {@code total} in steps of {@code step}, firing due timers after each. */
  public void advance(Duration total, Duration step) {
    if (step.isNegative() || step.isZero())
      throw new IllegalArgumentException("step must be positive, was " + step);
    for (long left = total.toNanos(); left > 0; left -= step.toNanos()) {
      advance(Duration.ofNanos(Math.min(left, step.toNanos())));
    }
  }
}
