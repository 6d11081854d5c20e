package dev.chaosproxy.internal.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.toxics.Latency;
import dev.chaosproxy.internal.chaos.toxics.Slicer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attribute validation: every bad value gets a message naming the attribute, its unit and range.
 */
class ToxicDescriptorTest {
  @Test
  void fillsDefaultsInDisplayOrder() {
    assertThat(ToxicDescriptor.of(ToxicType.LATENCY).normalize(Map.of("latency", 100)))
        .containsExactly(Map.entry("latency", 100L), Map.entry("jitter", 0L));
    assertThat(ToxicDescriptor.of(ToxicType.CORRUPT).normalize(Map.of()))
        .containsEntry("probability", 0.0)
        .containsEntry("mode", "inject");
  }

  @Test
  void keepsFractionalMilliseconds() {
    assertThat(ToxicDescriptor.of(ToxicType.LATENCY).normalize(Map.of("latency", 0.5)))
        .containsEntry("latency", 0.5);
    assertThat(
            Latency.LATENCY.nanos(
                Toxic.of(ToxicType.LATENCY, Direction.UPSTREAM, Map.of("latency", 0.5))))
        .isEqualTo(500_000);
    assertThat(
            Slicer.DELAY.nanos(
                Toxic.of(
                    ToxicType.SLICER,
                    Direction.UPSTREAM,
                    Map.of("average_size", 10, "delay", 250))))
        .isEqualTo(250_000);
  }

  @Test
  void rejectsUnknownAttributesListingTheValidOnes() {
    assertThatThrownBy(() -> ToxicDescriptor.of(ToxicType.LATENCY).normalize(Map.of("latncy", 1)))
        .hasMessage(
            "latency toxic has no attribute 'latncy'; valid attributes: latency (milliseconds), jitter (milliseconds),"
                + " distribution (uniform|normal|lognormal|pareto), max (milliseconds)");
  }

  @Test
  void rejectsOutOfRangeValues() {
    assertThatThrownBy(
            () -> ToxicDescriptor.of(ToxicType.TERMINATE).normalize(Map.of("probability", 1.5)))
        .hasMessageContaining(
            "'probability' is a probability and must be between 0.0 and 1.0, was 1.5");
    assertThatThrownBy(() -> ToxicDescriptor.of(ToxicType.LATENCY).normalize(Map.of("latency", -5)))
        .hasMessageContaining("'latency' must be >= 0 milliseconds, was -5");
    assertThatThrownBy(
            () -> ToxicDescriptor.of(ToxicType.LIMIT_DATA).normalize(Map.of("bytes", 1.5)))
        .hasMessageContaining("'bytes' must be a whole number of bytes >= 0, was 1.5");
    assertThatThrownBy(
            () -> ToxicDescriptor.of(ToxicType.LATENCY).normalize(Map.of("latency", "100")))
        .hasMessageContaining("'latency' must be a number (milliseconds), was \"100\"");
    assertThatThrownBy(
            () -> ToxicDescriptor.of(ToxicType.CORRUPT).normalize(Map.of("mode", "shred")))
        .hasMessageContaining("'mode' must be one of [inject, flip], was \"shred\"");
  }

  @Test
  void checksSlicerSizes() {
    assertThatThrownBy(() -> ToxicDescriptor.of(ToxicType.SLICER).normalize(Map.of()))
        .hasMessageContaining("slicer toxic needs attribute 'average_size' (bytes)");
    assertThatThrownBy(
            () -> ToxicDescriptor.of(ToxicType.SLICER).normalize(Map.of("average_size", 0)))
        .hasMessageContaining("'average_size' must be >= 1 byte");
    assertThatThrownBy(
            () ->
                ToxicDescriptor.of(ToxicType.SLICER)
                    .normalize(Map.of("average_size", 10, "size_variation", 10)))
        .hasMessageContaining("'size_variation' must be smaller than average_size (10), was 10");
  }

  @Test
  void bandwidthSpeaksBothUnits() {
    assertThat(ToxicDescriptor.of(ToxicType.BANDWIDTH).normalize(Map.of("rate", 100)))
        .containsEntry("rate", 100L)
        .containsEntry("rate_bytes", 100_000L);
    assertThat(ToxicDescriptor.of(ToxicType.BANDWIDTH).normalize(Map.of("rate_bytes", 1500)))
        .containsEntry("rate", 1.5)
        .containsEntry("rate_bytes", 1500L);
    assertThatThrownBy(
            () ->
                ToxicDescriptor.of(ToxicType.BANDWIDTH)
                    .normalize(Map.of("rate", 1, "rate_bytes", 5)))
        .hasMessageContaining("disagree");
    Map<String, Object> current =
        ToxicDescriptor.of(ToxicType.BANDWIDTH).normalize(Map.of("rate", 100));
    assertThat(ToxicDescriptor.of(ToxicType.BANDWIDTH).merge(current, Map.of("rate", 7)))
        .containsEntry("rate", 7L)
        .containsEntry("rate_bytes", 7000L);
    assertThat(ToxicDescriptor.of(ToxicType.BANDWIDTH).merge(current, Map.of("rate_bytes", 9)))
        .containsEntry("rate_bytes", 9L);
  }

  @Test
  void mergeIsPartial() {
    Map<String, Object> current =
        ToxicDescriptor.of(ToxicType.LATENCY).normalize(Map.of("latency", 100, "jitter", 10));
    assertThat(ToxicDescriptor.of(ToxicType.LATENCY).merge(current, Map.of("jitter", 20)))
        .containsEntry("latency", 100L)
        .containsEntry("jitter", 20L);
  }
}
