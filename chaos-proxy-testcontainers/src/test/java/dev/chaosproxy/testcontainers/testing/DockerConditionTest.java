package dev.chaosproxy.testcontainers.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/** The skip-or-fail decision of {@link RequiresDocker}, without an engine. */
class DockerConditionTest {
  private static final DockerEngine.Probe ANSWERS =
      new DockerEngine.Probe(true, "Docker engine 20.10.24 answers at unix:///var/run/docker.sock");
  private static final DockerEngine.Probe SILENT =
      new DockerEngine.Probe(false, "no Docker engine answers (/var/run/docker.sock is absent)");

  @Test
  void anEngineThatAnswersEnablesTheTest() {
    ConditionEvaluationResult result = DockerCondition.evaluate(ANSWERS, true);
    assertThat(result.isDisabled()).isFalse();
    assertThat(result.getReason()).hasValue(ANSWERS.detail());
  }

  @Test
  void noEngineSkipsWithTheReasonAndHowToMakeItAFailure() {
    ConditionEvaluationResult result = DockerCondition.evaluate(SILENT, false);
    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason())
        .get()
        .asString()
        .contains("/var/run/docker.sock is absent")
        .contains("CHAOS_PROXY_REQUIRE_DOCKER=true");
  }

  @Test
  void noEngineFailsWhenDockerIsRequired() {
    assertThatThrownBy(() -> DockerCondition.evaluate(SILENT, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CHAOS_PROXY_REQUIRE_DOCKER=true")
        .hasMessageContaining("no Docker engine answers");
  }

  @Test
  void requireTakesTrueOrFalseOnly() {
    assertThat(DockerEngine.parseRequired(null)).isFalse();
    assertThat(DockerEngine.parseRequired("")).isFalse();
    assertThat(DockerEngine.parseRequired("false")).isFalse();
    assertThat(DockerEngine.parseRequired("true")).isTrue();
    assertThat(DockerEngine.parseRequired(" TRUE ")).isTrue();
    assertThatThrownBy(() -> DockerEngine.parseRequired("yes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CHAOS_PROXY_REQUIRE_DOCKER must be true or false (or unset), not 'yes'");
  }
}
