package dev.chaosproxy;

/**
 * Where a running {@link Schedule} is: the step in effect and the pass through the steps, or how it
 * ended.
 *
 * @param name the schedule's name
 * @param status running, ended (its last step is over) or stopped (by {@code stop()}, {@code
 *     reset()} or the proxy's close)
 * @param step the index (from 0) of the step in effect; once it is over, of the last one that was
 * @param iteration which pass through the steps it is on, from 0
 */
public record ScheduleState(String name, Status status, int step, long iteration) {

  /** How a schedule stands. */
  public enum Status {
    /** A step is in effect. */
    RUNNING,
    /** Its steps ran as often as asked; what it put in place is undone. */
    ENDED,
    /** Stopped before its end; what it put in place is undone. */
    STOPPED;

    /** {@code running}, {@code ended}, {@code stopped}: as the REST API writes it. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Whether a step is in effect. */
  public boolean running() {
    return status == Status.RUNNING;
  }
}
