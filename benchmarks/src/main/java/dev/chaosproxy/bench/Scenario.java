package dev.chaosproxy.bench;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** One benchmark scenario: measures, and adds rows to the report. */
abstract class Scenario {
  /** The name {@code bench/run NAME} selects it by. */
  abstract String name();

  /** One line for {@code --list}. */
  abstract String description();

  abstract void run(RunContext ctx) throws Exception;

  /** A measurement of one target, that may fail. */
  interface Measurement {
    double measure() throws Exception;
  }

  /**
   * Measures one cell: on success writes {@code format(value)} and returns the value; on failure
   * writes a short FAILED and adds the full error to the notes, returning null.
   */
  static Double cell(
      RunContext ctx,
      Report.Row row,
      String column,
      Measurement m,
      Function<Double, String> format) {
    try {
      double v = m.measure();
      row.set(column, format.apply(v));
      return v;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      row.set(column, "interrupted");
      return null;
    } catch (Exception e) {
      row.set(column, "FAILED");
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      ctx.report.note(
          "**" + row.scenario + " / " + row.metric + " / " + column + " FAILED:** " + msg);
      ctx.log("  " + column + " FAILED: " + e);
      return null;
    }
  }

  static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  /** chaos-proxy's value against a goal that depends on another column's value. */
  static Boolean compare(
      Map<String, Double> values, java.util.function.BiPredicate<Double, Double> ok, String other) {
    Double c = values.get(Report.CHAOS);
    Double o = values.get(other);
    if (c == null) return false; // chaos-proxy failed or was unavailable
    if (o == null) return null;
    return ok.test(c, o);
  }
}
