package dev.chaosproxy;

import dev.chaosproxy.internal.Durations;
import dev.chaosproxy.internal.Names;
import dev.chaosproxy.internal.ToxicList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Chaos that changes over time: named steps, each holding some toxics, the proxy down, or nothing
 * for a while, run once, a number of times or forever. Immutable; start it with {@link
 * ProxyControl#schedule(Schedule)}.
 *
 * <pre>{@code
 * Schedule flap = Schedule.named("flap")
 *     .step(ofMillis(500), c -> c.blackhole())
 *     .pause(ofMillis(1500))
 *     .repeatForever()
 *     .build();
 * Schedule outage = Schedule.named("outage").down(ofSeconds(3)).build();  // then up
 * }</pre>
 *
 * <p>When a step starts, the toxics of the step before are removed and its own added, named {@code
 * <schedule>.<toxic>} so they never clash with others. When the schedule ends, is stopped, or the
 * proxy is {@linkplain ProxyControl#reset() reset}, what it put in place is undone.
 */
public final class Schedule {
  /** The most steps one schedule may have (after {@code rampLatency} expanded). */
  public static final int MAX_STEPS = 10_000;

  /** The shortest step. */
  public static final Duration MIN_STEP = Duration.ofMillis(1);

  /** The longest step. */
  public static final Duration MAX_STEP = Duration.ofDays(30);

  /** How long each small step of {@code rampLatency} lasts, unless the ramp is shorter. */
  static final Duration RAMP_STEP = Duration.ofMillis(100);

  /** The most steps one ramp expands into. */
  static final int MAX_RAMP_STEPS = 100;

  private final String name;
  private final List<Step> steps;
  private final int repeat;

  private Schedule(String name, List<Step> steps, int repeat) {
    this.name = name;
    this.steps = List.copyOf(steps);
    this.repeat = repeat;
  }

  /**
   * Starts building a schedule named {@code name} (letters, digits, {@code . _ : -}; at most 128).
   */
  public static Builder named(String name) {
    return new Builder(Names.check("schedule", name));
  }

  public String name() {
    return name;
  }

  /** The steps in order, {@code rampLatency} expanded into its small steps. */
  public List<Step> steps() {
    return steps;
  }

  /** How many times the steps run in all (1: once); 0 when it {@linkplain #repeatsForever()}. */
  public int repeat() {
    return repeat;
  }

  /** Whether the steps run again and again until stopped. */
  public boolean repeatsForever() {
    return repeat == 0;
  }

  /** How long the steps take once through. */
  public Duration period() {
    Duration d = Duration.ZERO;
    for (Step s : steps) d = d.plus(s.duration);
    return d;
  }

  /** The name a toxic {@code toxicName} of this schedule has on the proxy. */
  public String toxicName(String toxicName) {
    return name + "." + toxicName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule s
        && s.name.equals(name)
        && s.steps.equals(steps)
        && s.repeat == repeat;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, steps, repeat);
  }

  @Override
  public String toString() {
    return "Schedule["
        + name
        + " "
        + steps
        + (repeat == 0 ? " forever" : repeat == 1 ? "" : " x" + repeat)
        + "]";
  }

  /**
   * One step: how long it lasts and what holds meanwhile (its toxics, or the proxy down, or
   * nothing).
   */
  public static final class Step {
    private final Duration duration;
    private final List<Toxic> toxics;
    private final boolean down;

    private Step(Duration duration, List<Toxic> toxics, boolean down) {
      this.duration = duration;
      this.toxics = List.copyOf(toxics);
      this.down = down;
    }

    public Duration duration() {
      return duration;
    }

    /** The toxics in effect during this step, under their own names (not yet prefixed). */
    public List<Toxic> toxics() {
      return toxics;
    }

    /** Whether the proxy is down during this step (new clients refused, live ones closed). */
    public boolean down() {
      return down;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Step s
          && s.duration.equals(duration)
          && s.toxics.equals(toxics)
          && s.down == down;
    }

    @Override
    public int hashCode() {
      return Objects.hash(duration, toxics, down);
    }

    @Override
    public String toString() {
      String what = down ? "down" : toxics.isEmpty() ? "pause" : toxics.toString();
      return what + " for " + Durations.show(duration);
    }
  }

  /** Builds a {@link Schedule}: steps in order, then how often they run. */
  public static final class Builder {
    private final String name;
    private final List<Step> steps = new ArrayList<>();
    private int repeat = 1;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * A step of {@code duration} during which the toxics {@code chaos} records hold: {@code c ->
     * c.downstream().delay(ofMillis(200))}, in the words of {@link Chaos}.
     */
    public Builder step(Duration duration, Consumer<? super Chaos<?>> chaos) {
      Objects.requireNonNull(chaos, "chaos");
      Duration d = checkStep(duration);
      ToxicList recorded = new ToxicList();
      try {
        chaos.accept(recorded);
      } catch (UnsupportedOperationException e) {
        throw new IllegalArgumentException(
            "step "
                + (steps.size() + 1)
                + " of schedule '"
                + name
                + "': a step holds toxics; inject() writes bytes at once and cannot be one",
            e);
      }
      return add(new Step(d, recorded.toxics(), false));
    }

    /** A step of {@code duration} in which this schedule adds nothing: a pause. */
    public Builder step(Duration duration) {
      return add(new Step(checkStep(duration), List.of(), false));
    }

    /** A pause: the same as {@link #step(Duration)}, read as one. */
    public Builder pause(Duration duration) {
      return step(duration);
    }

    /**
     * A step of {@code duration} with the proxy down: new clients are refused and live connections
     * closed; the next step (or the end) brings it up again.
     */
    public Builder down(Duration duration) {
      return add(new Step(checkStep(duration), List.of(), true));
    }

    /**
     * Latency on both directions rising (or falling) from {@code from} to {@code to} over {@code
     * over}, as small steps of 100 ms (at most 100 of them, at least 2): the first holds {@code
     * from}, the last {@code to}, in whole milliseconds.
     */
    public Builder rampLatency(Duration from, Duration to, Duration over) {
      checkLatency("from", from);
      checkLatency("to", to);
      Objects.requireNonNull(over, "over");
      if (over.compareTo(MIN_STEP.multipliedBy(2)) < 0 || over.compareTo(MAX_STEP) > 0) {
        throw new IllegalArgumentException(
            "rampLatency's over is how long the ramp lasts and must be between 2ms and "
                + Durations.show(MAX_STEP)
                + " (two steps of at least 1ms), was "
                + Durations.show(over));
      }
      long overNanos = over.toNanos();
      int n = (int) Math.max(2, Math.min(MAX_RAMP_STEPS, overNanos / RAMP_STEP.toNanos()));
      n = (int) Math.min(n, overNanos / MIN_STEP.toNanos());
      long fromMs = from.toMillis();
      long toMs = to.toMillis();
      // Whole milliseconds when the ramp is (as the REST API counts steps), else nanoseconds.
      long unit = overNanos % 1_000_000 == 0 ? 1_000_000 : 1;
      long done = 0;
      for (int i = 0; i < n; i++) {
        long end = overNanos / unit * (i + 1) / n * unit;
        long latency = fromMs + Math.round((toMs - fromMs) * (double) i / (n - 1));
        Duration d = Duration.ofNanos(end - done);
        done = end;
        step(d, c -> c.delay(Duration.ofMillis(latency)));
      }
      return this;
    }

    /** Runs the steps {@code times} times in all (1, the default: once). */
    public Builder repeat(int times) {
      if (times < 1) {
        throw new IllegalArgumentException(
            "repeat is how many times the steps run in all and must be at least 1, was "
                + times
                + "; for no end use repeatForever()");
      }
      this.repeat = times;
      return this;
    }

    /** Runs the steps again and again until the schedule is stopped or the proxy reset. */
    public Builder repeatForever() {
      this.repeat = 0;
      return this;
    }

    /**
     * The schedule.
     *
     * @throws IllegalArgumentException if it has no steps
     */
    public Schedule build() {
      if (steps.isEmpty()) {
        throw new IllegalArgumentException(
            "schedule '"
                + name
                + "' has no steps; add at least one with step(..), pause(..), down(..) or"
                + " rampLatency(..)");
      }
      return new Schedule(name, steps, repeat);
    }

    private Builder add(Step step) {
      if (steps.size() >= MAX_STEPS) {
        throw new IllegalArgumentException(
            "schedule '" + name + "' has more than " + MAX_STEPS + " steps, the most it may have");
      }
      for (Toxic t : step.toxics) {
        String owned = name + "." + t.name();
        if (!Names.valid(owned)) {
          throw new IllegalArgumentException(
              "toxic '"
                  + t.name()
                  + "' of schedule '"
                  + name
                  + "' would be named '"
                  + owned
                  + "' on the proxy, which is longer than a toxic name may be (128); use a"
                  + " shorter schedule or toxic name");
        }
      }
      steps.add(step);
      return this;
    }

    private Duration checkStep(Duration d) {
      String what = "the duration of step " + (steps.size() + 1) + " of schedule '" + name + "'";
      if (d == null) throw new IllegalArgumentException(what + " must not be null");
      if (d.compareTo(MIN_STEP) < 0 || d.compareTo(MAX_STEP) > 0) {
        throw new IllegalArgumentException(
            what
                + " must be between 1ms and "
                + Durations.show(MAX_STEP)
                + ", was "
                + Durations.show(d));
      }
      return d;
    }

    private static void checkLatency(String what, Duration d) {
      if (d == null)
        throw new IllegalArgumentException("rampLatency's " + what + " must not be null");
      if (d.isNegative()) {
        throw new IllegalArgumentException(
            "rampLatency's " + what + " is a latency and must be >= 0ms, was " + Durations.show(d));
      }
    }
  }
}
