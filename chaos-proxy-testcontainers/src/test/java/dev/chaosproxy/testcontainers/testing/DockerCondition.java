package dev.chaosproxy.testcontainers.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Enables {@link RequiresDocker} tests when an engine answers; skips or fails them otherwise. */
public final class DockerCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return evaluate(DockerEngine.probe(), DockerEngine.required());
  }

  /** The decision for an engine {@code probe}, when Docker is {@code required} or not. */
  static ConditionEvaluationResult evaluate(DockerEngine.Probe probe, boolean required) {
    if (probe.answers()) return ConditionEvaluationResult.enabled(probe.detail());
    if (required) {
      throw new IllegalStateException(
          DockerEngine.REQUIRE_ENV
              + "=true, but "
              + probe.detail()
              + ". Start the engine (.ci/run does; see DEVELOPERS.md).");
    }
    return ConditionEvaluationResult.disabled(
        "Docker-backed test skipped: "
            + probe.detail()
            + ". Start an engine (see DEVELOPERS.md), or set "
            + DockerEngine.REQUIRE_ENV
            + "=true to make this a failure.");
  }
}
