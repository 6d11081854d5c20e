package dev.chaosproxy.internal.schedule;

import dev.chaosproxy.Schedule;
import dev.chaosproxy.ScheduleState;
import java.time.Duration;

/**
 * What {@code awaitStep} and {@code awaitEnd} decide and say, in-process and remote alike: a step
 * counts as reached when it is in effect, or when it has started since the wait began, however
 * briefly (a wait that polls may never see a short step in effect).
 */
public final class ScheduleWaits {
  private ScheduleWaits() {}

  /** Where a wait reads a schedule's state, and how it waits for the state to change. */
  public interface Source {
    ScheduleState state();

    /**
     * Returns after at most {@code nanos}, sooner once the state is no longer {@code seen}.
     *
     * @throws IllegalStateException if interrupted
     */
    void awaitChange(ScheduleState seen, long nanos);
  }

  /**
   * {@code awaitStep}: waits until step {@code index} is in effect or has started since the call.
   */
  public static ScheduleState awaitStep(
      Source source, Schedule schedule, String proxy, int index, Duration timeout) {
    checkIndex(schedule, index);
    checkTimeout(timeout);
    int steps = schedule.steps().size();
    long deadline = System.nanoTime() + timeout.toNanos();
    ScheduleState start = source.state();
    ScheduleState now = start;
    while (true) {
      if (reached(start, now, index, steps)) return now;
      if (!now.running()) throw endedFirst(proxy, index, now);
      long left = deadline - System.nanoTime();
      if (left <= 0) throw stepTimedOut(proxy, index, now, timeout);
      source.awaitChange(now, left);
      now = source.state();
    }
  }

  /** {@code awaitEnd}: waits until the schedule no longer runs. */
  public static ScheduleState awaitEnd(Source source, String proxy, Duration timeout) {
    checkTimeout(timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ScheduleState now = source.state();
      if (!now.running()) return now;
      long left = deadline - System.nanoTime();
      if (left <= 0) throw endTimedOut(proxy, now, timeout);
      source.awaitChange(now, left);
    }
  }

  /** {@code ScheduleControl[flap on redis running step 1 pass 3]}, in-process and remote alike. */
  public static String describe(String proxy, ScheduleState s) {
    return "ScheduleControl["
        + s.name()
        + " on "
        + proxy
        + " "
        + s.status().wireName()
        + " step "
        + s.step()
        + " pass "
        + s.iteration()
        + "]";
  }

  /** Checks that {@code schedule} has a step {@code index}. */
  private static void checkIndex(Schedule schedule, int index) {
    int n = schedule.steps().size();
    if (index < 0 || index >= n) {
      throw new IllegalArgumentException(
          "step index is from 0 to "
              + (n - 1)
              + " (schedule '"
              + schedule.name()
              + "' has "
              + n
              + " step"
              + (n == 1 ? "" : "s")
              + "), was "
              + index);
    }
  }

  /** Whether step {@code index} is in effect now or has started since {@code start} was seen. */
  private static boolean reached(ScheduleState start, ScheduleState now, int index, int steps) {
    if (now.running() && now.step() == index) return true;
    int d = Math.floorMod(index - start.step(), steps);
    long target = position(start, steps) + (d == 0 ? steps : d);
    return position(now, steps) >= target;
  }

  private static long position(ScheduleState s, int steps) {
    return s.iteration() * steps + s.step();
  }

  /** What a wait for step {@code index} throws when the schedule ended first. */
  private static IllegalStateException endedFirst(String proxy, int index, ScheduleState now) {
    return new IllegalStateException(
        "schedule '"
            + now.name()
            + "' on proxy '"
            + proxy
            + "' "
            + now.status().wireName()
            + " before step "
            + index
            + " started; "
            + where(now));
  }

  /** What a wait for step {@code index} throws after {@code timeout}. */
  private static IllegalStateException stepTimedOut(
      String proxy, int index, ScheduleState now, Duration timeout) {
    return new IllegalStateException(
        "schedule '"
            + now.name()
            + "' on proxy '"
            + proxy
            + "' did not start step "
            + index
            + " within "
            + timeout.toMillis()
            + " ms; "
            + where(now));
  }

  /** What a wait for the end throws after {@code timeout}. */
  private static IllegalStateException endTimedOut(
      String proxy, ScheduleState now, Duration timeout) {
    return new IllegalStateException(
        "schedule '"
            + now.name()
            + "' on proxy '"
            + proxy
            + "' did not end within "
            + timeout.toMillis()
            + " ms; "
            + where(now));
  }

  private static String where(ScheduleState s) {
    return (s.running() ? "it is at step " : "its last step was ")
        + s.step()
        + " of pass "
        + s.iteration()
        + " (counting from 0)";
  }

  /** Checks a wait's timeout. */
  private static Duration checkTimeout(Duration timeout) {
    if (timeout == null) throw new IllegalArgumentException("timeout must not be null");
    if (timeout.isNegative())
      throw new IllegalArgumentException("timeout must be >= 0, was " + timeout.toMillis() + " ms");
    return timeout;
  }
}
