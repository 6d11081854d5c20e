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

  /** Checks that {@code schedule} has a step {@code index}. */
  public static void checkIndex(Schedule schedule, int index) {
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
  public static boolean reached(ScheduleState start, ScheduleState now, int index, int steps) {
    if (now.running() && now.step() == index) return true;
    int d = Math.floorMod(index - start.step(), steps);
    long target = position(start, steps) + (d == 0 ? steps : d);
    return position(now, steps) >= target;
  }

  private static long position(ScheduleState s, int steps) {
    return s.iteration() * steps + s.step();
  }

  /** What a wait for step {@code index} throws when the schedule ended first. */
  public static IllegalStateException endedFirst(String proxy, int index, ScheduleState now) {
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
  public static IllegalStateException stepTimedOut(
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
  public static IllegalStateException endTimedOut(
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
  public static Duration checkTimeout(Duration timeout) {
    if (timeout == null) throw new IllegalArgumentException("timeout must not be null");
    if (timeout.isNegative())
      throw new IllegalArgumentException("timeout must be >= 0, was " + timeout.toMillis() + " ms");
    return timeout;
  }
}
