package dev.chaosproxy.junit5.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** Runs {@link Fixture} classes on the Jupiter engine with EngineTestKit. */
public final class Kit {
  static final String ENABLED = "chaos-proxy.test.fixtures";

  private Kit() {}

  public static EngineExecutionResults run(Class<?>... classes) {
    return run(Map.of(), classes);
  }

  public static EngineExecutionResults run(Map<String, String> configuration, Class<?>... classes) {
    EngineTestKit.Builder b =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter(ENABLED, "true")
            .configurationParameters(configuration);
    for (Class<?> c : classes) b.selectors(selectClass(c));
    return b.execute();
  }

  /**
   * Configuration for parallel execution with {@code threads} fixed threads, tests concurrent by
   * default.
   */
  public static Map<String, String> parallel(int threads) {
    return Map.of(
        "junit.jupiter.execution.parallel.enabled", "true",
        "junit.jupiter.execution.parallel.mode.default", "concurrent",
        "junit.jupiter.execution.parallel.config.strategy", "fixed",
        "junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(threads));
  }

  /**
   * Every failure of a test or container, as "display name: message" with suppressed notes
   * appended.
   */
  public static List<String> failures(EngineExecutionResults results) {
    List<String> out = new ArrayList<>();
    for (Event e : results.allEvents().list()) {
      if (e.getType() != EventType.FINISHED) continue;
      TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
      if (r.getStatus() != TestExecutionResult.Status.FAILED) continue;
      Throwable t = r.getThrowable().orElseThrow();
      out.add(e.getTestDescriptor().getDisplayName() + ": " + describe(t));
    }
    return out;
  }

  /** The one failure of a run that should fail exactly once; fails the calling test otherwise. */
  public static String onlyFailure(EngineExecutionResults results) {
    List<String> f = failures(results);
    if (f.size() != 1)
      throw new AssertionError("expected exactly one failure, got " + f.size() + ": " + f);
    return f.get(0);
  }

  /** The run must have no failure and at least one successful test. */
  public static void assertAllPassed(EngineExecutionResults results) {
    List<String> f = failures(results);
    if (!f.isEmpty()) throw new AssertionError("fixture failures:\n" + String.join("\n", f));
    long ok = results.testEvents().succeeded().count();
    if (ok == 0)
      throw new AssertionError(
          "the fixture ran no successful test; skipped: " + results.testEvents().skipped().count());
  }

  static String describe(Throwable t) {
    StringBuilder s =
        new StringBuilder(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
    for (Throwable sup : t.getSuppressed())
      s.append("\n  suppressed ")
          .append(sup.getClass().getSimpleName())
          .append(": ")
          .append(sup.getMessage());
    if (t.getCause() != null && t.getCause() != t) s.append("\n  cause ").append(t.getCause());
    return s.toString();
  }

  /** Names of threads now alive whose names start with {@code prefix}. */
  public static Set<String> threads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix))
        .collect(Collectors.toSet());
  }

  /** Enables {@link Fixture} classes only inside {@link Kit}. */
  public static final class OnlyInKit implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(ENABLED).filter("true"::equals).isPresent()
          ? ConditionEvaluationResult.enabled("run by Kit")
          : ConditionEvaluationResult.disabled("a fixture, run by the tests through EngineTestKit");
    }
  }
}
