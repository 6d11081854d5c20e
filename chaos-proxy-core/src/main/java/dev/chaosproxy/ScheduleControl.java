package dev.chaosproxy;

import java.time.Duration;

/**
 * The handle to a schedule started on a proxy: what it is, where it is, waiting for a step instead
 * of sleeping, and stopping it. The same in-process and against a remote proxy.
 *
 * <pre>{@code
 * ScheduleControl outage = db.schedule(Schedule.named("outage").down(ofSeconds(3)).build());
 * assertRefused(db);
 * outage.awaitEnd(ofSeconds(5));   // up again
 * }</pre>
 */
public interface ScheduleControl {

  /** The schedule's name, unique among the proxy's running schedules. */
  String name();

  /** What it runs. */
  Schedule schedule();

  /** Where it is now. */
  ScheduleState state();

  /**
   * Waits until step {@code index} (from 0, as in {@link Schedule#steps()}) is in effect: at once
   * if it is now, else when it next starts (or has started since this call, however briefly).
   *
   * @return the state as that step started, or later
   * @throws IllegalArgumentException if the schedule has no step {@code index}
   * @throws IllegalStateException if {@code timeout} passes first, or the schedule ends first,
   *     naming the step waited for and where the schedule is
   */
  ScheduleState awaitStep(int index, Duration timeout);

  /**
   * Waits until the schedule has ended (or was stopped) and what it put in place is undone.
   *
   * @throws IllegalStateException if {@code timeout} passes first, saying where it is
   */
  ScheduleState awaitEnd(Duration timeout);

  /**
   * Stops it and undoes what it put in place (its toxics removed, the proxy up if it took it down);
   * idempotent. It is then no longer among the proxy's {@code schedules()}.
   */
  void stop();
}
