package dev.chaosproxy.internal.loop;

/** A one-shot action due at a {@link System#nanoTime()} deadline on one event loop. */
public final class Timer implements Comparable<Timer> {
  final long deadline;
  final long seq;
  private Runnable action;

  Timer(long deadline, long seq, Runnable action) {
    this.deadline = deadline;
    this.seq = seq;
    this.action = action;
  }

  /** The {@link System#nanoTime()} at which it fires. */
  public long deadline() {
    return deadline;
  }

  /** Stops it from firing; safe to call more than once, on the loop's thread only. */
  public void cancel() {
    action = null;
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
