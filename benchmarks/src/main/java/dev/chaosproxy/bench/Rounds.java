package dev.chaosproxy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measurements taken in rounds that alternate the order of the targets, pooled per target, so that
 * a noisy moment on this shared machine does not land on one target; and the report cells they
 * fill.
 */
final class Rounds {
  /** How long one guarded sample may run before its sockets are closed. */
  private static final Duration SAMPLE_LIMIT = Duration.ofSeconds(120);

  private Rounds() {}

  /** One measurement of one target. */
  interface Sample<T> {
    T take(Target target) throws Exception;
  }

  /** One measurement of one target whose sockets a watchdog closes if it takes too long. */
  interface GuardedSample<T> {
    T take(Target target, SocketRegistry sockets) throws Exception;
  }

  /** As {@link #take}, each sample failing (its sockets closed) once it runs past two minutes. */
  static <T> Map<String, List<T>> takeGuarded(
      RunContext ctx,
      String what,
      List<Target> targets,
      int rounds,
      Map<String, String> failures,
      GuardedSample<T> sample) {
    return take(
        ctx,
        what,
        targets,
        rounds,
        failures,
        t -> Watchdog.guarded(SAMPLE_LIMIT, sockets -> sample.take(t, sockets)));
  }

  /**
   * Takes {@code sample} of every available target in each of {@code rounds}, logged as {@code
   * what}; a target that fails is not measured again, its error kept in {@code failures} by target
   * name.
   */
  static <T> Map<String, List<T>> take(
      RunContext ctx,
      String what,
      List<Target> targets,
      int rounds,
      Map<String, String> failures,
      Sample<T> sample) {
    Map<String, List<T>> taken = new HashMap<>();
    for (int round = 0; round < rounds; round++) {
      List<Target> order = new ArrayList<>(targets);
      if (round % 2 == 1) Collections.reverse(order);
      for (Target t : order) {
        if (!t.available() || failures.containsKey(t.name)) continue;
        ctx.log(
            what + ": " + t.name + (rounds > 1 ? ", round " + (round + 1) + " of " + rounds : ""));
        try {
          T v = sample.take(t);
          taken.computeIfAbsent(t.name, k -> new ArrayList<>()).add(v);
        } catch (Exception e) {
          failures.put(t.name, e.toString());
          ctx.log("  " + t.name + " FAILED: " + e);
        }
      }
    }
    return taken;
  }

  /**
   * Fills {@code p50} and {@code p99} with the percentiles of each target's pooled samples (ns),
   * "unavailable" or "FAILED" (the error in the notes); returns the p50 values by target name.
   */
  static Map<String, Double> percentiles(
      RunContext ctx,
      List<Target> targets,
      Map<String, List<long[]>> samples,
      Map<String, String> failures,
      Report.Row p50,
      Report.Row p99) {
    Map<String, Double> v50 = new HashMap<>();
    for (Target t : targets) {
      if (!t.available()) {
        p50.set(t.name, "unavailable");
        p99.set(t.name, "unavailable");
      } else if (failures.containsKey(t.name)) {
        p50.set(t.name, "FAILED");
        p99.set(t.name, "FAILED");
        noteFailure(ctx, p50, t, failures);
      } else {
        long[] all = samples.get(t.name).stream().flatMapToLong(Arrays::stream).toArray();
        double m = Stats.percentile(all, 50);
        v50.put(t.name, m);
        p50.set(t.name, Stats.micros(m));
        p99.set(t.name, Stats.micros(Stats.percentile(all, 99)));
      }
    }
    return v50;
  }

  /**
   * Fills {@code row} with each target's mean rate (bytes/s, as MB/s, each round's value beside it
   * when there are several), "unavailable" or "FAILED"; returns the means by target name.
   */
  static Map<String, Double> means(
      RunContext ctx,
      Report.Row row,
      List<Target> targets,
      Map<String, List<Double>> values,
      Map<String, String> failures) {
    Map<String, Double> means = new HashMap<>();
    for (Target t : targets) {
      if (!t.available()) {
        row.set(t.name, "unavailable");
      } else if (failures.containsKey(t.name)) {
        row.set(t.name, "FAILED");
        noteFailure(ctx, row, t, failures);
      } else {
        List<Double> v = values.get(t.name);
        double mean = mean(v);
        means.put(t.name, mean);
        StringBuilder cell = new StringBuilder(Stats.mbps(mean));
        if (v.size() > 1) {
          cell.append(" (");
          for (int i = 0; i < v.size(); i++)
            cell.append(i == 0 ? "" : ", ").append(Stats.mbps(v.get(i)));
          cell.append(')');
        }
        row.set(t.name, cell.toString());
      }
    }
    return means;
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static void noteFailure(
      RunContext ctx, Report.Row row, Target t, Map<String, String> failures) {
    ctx.report.note("**" + row.scenario + " / " + t.name + " FAILED:** " + failures.get(t.name));
  }
}
