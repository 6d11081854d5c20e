package dev.chaosproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The vocabulary over a plain list makes the toxics the flags and trixter's knobs made with their
 * own attribute maps.
 */
class ToxicListTest {
  @Test
  void makesTheToxicsTheFrontEndsSpelledOut() {
    ToxicList chaos =
        new ToxicList()
            .delay(Duration.ofMillis(250))
            .throttle(DataSize.ofBytes(10240))
            .slice(DataSize.ofBytes(512))
            .terminate(0.05)
            .corrupt(0.02)
            .sessionLimit(Duration.ofMillis(1500));
    List<Toxic> expected = new ArrayList<>();
    both(expected, ToxicType.LATENCY, Map.of("latency", 250L));
    both(expected, ToxicType.BANDWIDTH, Map.of("rate_bytes", 10240L));
    both(expected, ToxicType.SLICER, Map.of("average_size", 512L));
    both(expected, ToxicType.TERMINATE, Map.of("probability", 0.05));
    both(expected, ToxicType.CORRUPT, Map.of("probability", 0.02, "mode", "inject"));
    expected.add(
        Toxic.of(ToxicType.SESSION_LIMIT, Direction.DOWNSTREAM, Map.of("duration", 1500L)));
    assertThat(chaos.toxics()).isEqualTo(expected);
  }

  @Test
  void viewsShareTheListAndKeepTheirScope() {
    ToxicList all = new ToxicList();
    all.upstream().toxicity(0.5).slowClose(Duration.ofNanos(1_500_000));
    all.downstream().slowConnect(Duration.ofMillis(300));
    all.slowConnect(Duration.ofMillis(100));
    assertThat(all.toxics())
        .containsExactly(
            Toxic.of(ToxicType.SLOW_CLOSE, Direction.UPSTREAM, Map.of("delay", 1.5))
                .withToxicity(0.5),
            Toxic.of(ToxicType.SLOW_CONNECT, Direction.DOWNSTREAM, Map.of("delay", 300L)),
            Toxic.of(ToxicType.SLOW_CONNECT, Direction.UPSTREAM, Map.of("delay", 100L)));
    assertThat(all.upstream().toxics()).hasSize(2);
    assertThat(all.downstream().clear().toxics()).isEmpty();
    assertThat(all.toxics()).hasSize(2);
  }

  @Test
  void checksAsTheJavaCallsDo() {
    assertThatThrownBy(() -> new ToxicList().delay(Duration.ofMillis(-1)))
        .hasMessage("latency must be >= 0, was -1ms");
    assertThatThrownBy(
            () -> new ToxicList().slice(DataSize.ofBytes(4), DataSize.ofBytes(4), Duration.ZERO))
        .hasMessage(
            "slicer toxic: attribute 'size_variation' must be smaller than average_size (4), was 4");
    assertThatThrownBy(() -> new ToxicList().inject(new byte[1]))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aMillisecondCountTooLargeForNanosecondsIsTooLargeNotAnOverflow() {
    assertThatThrownBy(() -> new ToxicList().delay(Duration.ofMillis(10_000_000_000_000L)))
        .hasMessage(
            "latency toxic: attribute 'latency' is too large (10000000000000 milliseconds)");
  }

  private static void both(List<Toxic> out, ToxicType type, Map<String, Object> attributes) {
    for (Direction d : Direction.values()) out.add(Toxic.of(type, d, attributes));
  }
}
