package dev.chaosproxy.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.chaosproxy.bench.junit.PerClassProxyTests;
import dev.chaosproxy.bench.junit.PerMethodProxyTests;
import dev.chaosproxy.bench.junit.PlainTests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * In-process: what {@code @ChaosProxy} costs a test. The same class of 100 trivial tests runs
 * through the JUnit Platform Launcher without the extension, with a proxy per test and with one
 * proxy per class; each run is a whole test run (its own engine, closed at the end).
 */
final class JUnitOverheadScenario extends Scenario {
  static final int TESTS = 100;

  @Override
  String name() {
    return "junit";
  }

  @Override
  String description() {
    return "JUnit 5 extension: per-test cost of @ChaosProxy over the same 100 trivial tests without it (ms)";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    BenchSettings s = ctx.settings;
    String title =
        "JUnit extension, "
            + TESTS
            + " trivial tests through the Launcher ("
            + s.junitRounds
            + " runs each)";
    Report.Row perTest =
        ctx.report.row(title, "time per test, median run (ms)").goal("(for context)");
    Report.Row overhead =
        ctx.report.row(title, "overhead per test, @ChaosProxy per test (ms)").goal("≤ 5 ms");
    Report.Row overheadClass =
        ctx.report.row(title, "overhead per test, one PER_CLASS proxy (ms)").goal("(for context)");
    for (Report.Row r : new Report.Row[] {perTest, overhead, overheadClass}) {
      r.set(Report.HAPROXY, "n/a").set(Report.SOCAT, "n/a");
    }
    overhead.set(Report.DIRECT, "n/a");
    overheadClass.set(Report.DIRECT, "n/a");

    Map<String, Class<?>> variants = new LinkedHashMap<>();
    variants.put("plain", PlainTests.class);
    variants.put("per-method", PerMethodProxyTests.class);
    variants.put("per-class", PerClassProxyTests.class);
    Launcher launcher = LauncherFactory.create();
    ctx.log(
        "junit: "
            + s.junitWarmup
            + " warm-up + "
            + s.junitRounds
            + " measured runs of each of "
            + variants.keySet());
    Map<String, long[]> times = new LinkedHashMap<>();
    for (String v : variants.keySet()) times.put(v, new long[s.junitRounds]);
    Double median =
        cell(
            ctx,
            overhead,
            Report.CHAOS,
            () -> {
              List<String> order = new ArrayList<>(variants.keySet());
              for (int i = 0; i < s.junitWarmup + s.junitRounds; i++) {
                if (i % 2 == 1)
                  java.util.Collections.reverse(
                      order); // alternate, so drift hits every variant alike
                for (String v : order) {
                  long t = runOnce(launcher, variants.get(v));
                  int k = i - s.junitWarmup;
                  if (k >= 0) times.get(v)[k] = t;
                }
              }
              return pairedMedianDifference(times.get("per-method"), times.get("plain")) / TESTS;
            },
            nanos -> Stats.millis(nanos) + " (" + Stats.micros(nanos) + " µs)");
    if (median == null) {
      overhead.met(false);
      return;
    }
    overhead.met(median <= 5_000_000);
    perTest
        .set(Report.DIRECT, Stats.millis(Stats.median(times.get("plain")) / TESTS) + " (without)")
        .set(
            Report.CHAOS,
            Stats.millis(Stats.median(times.get("per-method")) / TESTS)
                + " per test / "
                + Stats.millis(Stats.median(times.get("per-class")) / TESTS)
                + " per class");
    double perClass = pairedMedianDifference(times.get("per-class"), times.get("plain")) / TESTS;
    overheadClass.set(
        Report.CHAOS, Stats.millis(perClass) + " (" + Stats.micros(perClass) + " µs)");
    ctx.report.note(
        "JUnit extension: run time of the whole class (discovery and execution, "
            + TESTS
            + " tests) median / p90, ms: "
            + describe(times)
            + ". Overhead = median over runs of (run with the extension − the plain run next to it) / "
            + TESTS
            + "; JUnit as managed by the root pom (junit.version).");
  }

  private static String describe(Map<String, long[]> times) {
    List<String> parts = new ArrayList<>();
    times.forEach(
        (v, t) ->
            parts.add(
                v
                    + " "
                    + Stats.millis(Stats.median(t))
                    + " / "
                    + Stats.millis(Stats.percentile(t, 90))));
    return String.join(", ", parts);
  }

  /**
   * The median of {@code a[i] - b[i]}: each run with the extension against the plain run beside it.
   */
  private static double pairedMedianDifference(long[] a, long[] b) {
    long[] d = new long[a.length];
    for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
    return Stats.median(d);
  }

  /**
   * Runs {@code testClass} once and returns how long it took; fails unless all of its tests passed.
   */
  private static long runOnce(Launcher launcher, Class<?> testClass) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    long t0 = System.nanoTime();
    launcher.execute(request, listener);
    long t = System.nanoTime() - t0;
    TestExecutionSummary summary = listener.getSummary();
    if (summary.getTestsSucceededCount() != TESTS || summary.getTotalFailureCount() != 0) {
      StringBuilder why = new StringBuilder();
      summary.getFailures().stream()
          .limit(3)
          .forEach(
              f ->
                  why.append("; ")
                      .append(f.getTestIdentifier().getDisplayName())
                      .append(": ")
                      .append(f.getException()));
      throw new IllegalStateException(
          testClass.getSimpleName()
              + ": "
              + summary.getTestsSucceededCount()
              + " of "
              + TESTS
              + " tests passed"
              + why);
    }
    return t;
  }
}
