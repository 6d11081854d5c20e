package dev.chaosproxy.internal.loop;

/** A one-shot action due at a {@link Ticker#nanoTime()} deadline on one event loop. */
public final class Timer implements Comparable<Timer> {
  private final EventLoop loop;
  final long deadline;
  final long seq;
  private Runnable action;

  /** Whether it is still in its loop's heap: cancelling it then counts towards a purge. */
  boolean queued = true;

  Timer(EventLoop loop, long deadline, long seq, Runnable action) {
    this.loop = loop;
    this.deadline = deadline;
    this.seq = seq;
    this.action = action;
  }

  /** The {@link Ticker#nanoTime()} at which it fires. */
  public long deadline() {
    return deadline;
  }

  /** Stops it from firing; safe to call more than once, on the loop's thread only. */
  public void cancel() {
    loop.checkInLoop("Timer.cancel");
    if (action == null) return;
    action = null;
    if (queued) loop.timerCancelled();
  }

  public boolean isCancelled() {
    return action == null;
  }

  Runnable take() {
    Runnable a = action;
    action = null;
    return a;
  }

  @Override
  public int compareTo(Timer o) {
    int c = Long.compare(deadline - o.deadline, 0);
    return c != 0 ? c : Long.compare(seq, o.seq);
  }
}
