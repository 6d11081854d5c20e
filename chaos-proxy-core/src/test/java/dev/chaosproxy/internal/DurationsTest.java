package dev.chaosproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void writtenAsChaosStringsWriteThem() {
    assertThat(Durations.show(Duration.ofMillis(-5))).isEqualTo("-5ms");
    assertThat(Durations.show(Duration.ZERO)).isEqualTo("0");
    assertThat(Durations.show(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.show(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.show(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.show(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.show(Duration.ofSeconds(-120))).isEqualTo("-2m");
    assertThat(Durations.show(Duration.ofNanos(7_000))).isEqualTo("7us");
    assertThat(Durations.show(Duration.ofNanos(500))).isEqualTo("0.5us");
    assertThat(Durations.show(Duration.ofNanos(-1))).isEqualTo("-0.001us");
    assertThat(Durations.show(Duration.ofSeconds(Long.MAX_VALUE))).endsWith("s");
    assertThat(Durations.show(null)).isEqualTo("null");
  }
}
