package dev.chaosproxy.junit5.internal;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.Schedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code chaos = "schedule ..."} makes the schedule the builder makes. */
class ScheduleTextTest {

  private static Schedule only(String text) {
    ChaosText.Parsed p = ChaosText.parse(text);
    assertThat(p.toxics).as("toxics beside the schedule").isEmpty();
    assertThat(p.schedules).hasSize(1);
    return p.schedules.get(0);
  }

  @Test
  void downForAWhile() {
    assertThat(only("schedule down 3s"))
        .isEqualTo(Schedule.named("schedule").down(ofSeconds(3)).build());
    assertThat(only("Schedule down for 3s")).isEqualTo(only("schedule down 3s"));
  }

  @Test
  void aFlappingBlackhole() {
    assertThat(only("schedule repeat { blackhole for 500ms; pause 1500ms }"))
        .isEqualTo(
            Schedule.named("schedule")
                .step(ofMillis(500), c -> c.blackhole())
                .pause(ofMillis(1500))
                .repeatForever()
                .build());
    assertThat(only("schedule repeat forever blackhole for 500ms; pause 1500ms"))
        .isEqualTo(only("schedule repeat { blackhole for 500ms; pause 1500ms }"));
  }

  @Test
  void aNameACountAndSeveralFaultsInAStep() {
    assertThat(
            only(
                "schedule name flap repeat 3 { downstream blackhole for 500ms; delay 100ms,"
                    + " upstream throttle 10KiB/s for 1.5s; down 1s }"))
        .isEqualTo(
            Schedule.named("flap")
                .step(ofMillis(500), c -> c.downstream().blackhole())
                .step(
                    ofMillis(1500),
                    c -> c.delay(ofMillis(100)).upstream().throttle(DataSize.ofKiB(10)))
                .down(ofSeconds(1))
                .repeat(3)
                .build());
  }

  @Test
  void quotedSeparatorsStayInsideTheirFault() {
    Schedule s =
        only(
            "schedule { http /a respond 503 header \"X-A: 1; 2\" header \"X-B: 3, 4\", upstream"
                + " seen \"a;b\" resetPeer for 1s; pause 1s }");
    assertThat(s.steps()).hasSize(2);
    assertThat(s.steps().get(0).toxics()).hasSize(2);
    assertThat(s.steps().get(0).toxics().get(0).attributes().get("headers"))
        .isEqualTo(java.util.Map.of("X-A", "1; 2", "X-B", "3, 4"));
    assertThat(s.steps().get(0).toxics().get(1).trigger().conditions()).containsValue("a;b");
  }

  @Test
  void aRamp() {
    assertThat(only("schedule rampLatency 0 to 500ms over 10s"))
        .isEqualTo(
            Schedule.named("schedule")
                .rampLatency(Duration.ZERO, ofMillis(500), ofSeconds(10))
                .build());
  }

  @Test
  void schedulesSitBesideFaultsAndUnnamedOnesAreNumbered() {
    ChaosText.Parsed p =
        ChaosText.parse("delay 5ms", "schedule down 1s", "down", "schedule pause 2s");
    assertThat(p.toxics).hasSize(2);
    assertThat(p.down).isTrue();
    assertThat(p.schedules).extracting(Schedule::name).containsExactly("schedule", "schedule-2");
  }

  @Test
  void mistakesSayWhatToWrite() {
    assertThatThrownBy(() -> ChaosText.parse("schedule"))
        .hasMessageStartingWith(
            "chaos \"schedule\": no steps; write schedule [name NAME] [repeat [N]] STEP; STEP;");
    assertThatThrownBy(() -> ChaosText.parse("schedule down 0"))
        .hasMessageStartingWith(
            "chaos \"schedule down 0\": step 1 \"down 0\": the duration of step 1 of schedule"
                + " 'schedule' must be between 1ms and ")
        .hasMessageEndingWith(", was 0");
    assertThatThrownBy(() -> ChaosText.parse("schedule pause -1s"))
        .hasMessageContaining("the step's duration '-1s' is not a duration");
    assertThatThrownBy(() -> ChaosText.parse("schedule repeat 0 { pause 1s }"))
        .hasMessage(
            "chaos \"schedule repeat 0 { pause 1s }\": repeat N is how many times the steps run in"
                + " all, from 1 to 2147483647, was 0; for no end write repeat alone");
    assertThatThrownBy(() -> ChaosText.parse("schedule blackhole"))
        .hasMessage(
            "chaos \"schedule blackhole\": step 1 \"blackhole\": a step with faults says how long"
                + " they last: FAULT[, FAULT] for DURATION, like downstream blackhole for 500ms");
    assertThatThrownBy(() -> ChaosText.parse("schedule { pause 1s"))
        .hasMessageContaining("the steps open with '{' but do not end with '}'");
    assertThatThrownBy(() -> ChaosText.parse("schedule pause 1s;; down 1s"))
        .hasMessageContaining("a step is empty (two ';' in a row, or one at the end)");
    assertThatThrownBy(() -> ChaosText.parse("schedule delay 1s for 2s; delay 5ms jitter for 1s"))
        .hasMessageStartingWith(
            "chaos \"schedule delay 1s for 2s; delay 5ms jitter for 1s\": step 2")
        .hasMessageContaining("a value is missing");
    assertThatThrownBy(() -> ChaosText.parse("schedule down for 1s, 2s"))
        .hasMessageContaining("step 1 \"down for 1s, 2s\": write down DURATION, like down 3s");
    assertThatThrownBy(() -> ChaosText.parse("schedule nonsense 5ms for 1s"))
        .hasMessageContaining("unknown fault 'nonsense'");
    assertThatThrownBy(() -> ChaosText.parse("schedule rampLatency 0 to 5ms"))
        .hasMessageContaining(
            "write rampLatency FROM to TO over DURATION, like rampLatency 0 to 500ms over 10s");
    assertThatThrownBy(() -> ChaosText.parse("schedule name bad! down 1s"))
        .hasMessageContaining("a schedule name is 1 to 128 letters");
    assertThatThrownBy(() -> ChaosText.parse("schedule name x down 1s", "schedule name x pause 1s"))
        .hasMessage(
            "chaos \"schedule name x pause 1s\": two schedules are named 'x'; name one: schedule"
                + " name NAME ...");
  }
}
