package dev.chaosproxy.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code throttle RATE shared} and {@code throttle RATE link NAME} are the Java calls. */
class ChaosTextSharedThrottleTest {
  static ChaosEngine engine;

  @BeforeAll
  static void engine() {
    engine = ChaosEngine.builder().eventLoops(1).build();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static Stream<Arguments> equivalents() {
    return Stream.of(
        Arguments.of(
            "throttle 100KB/s shared",
            (Consumer<ProxyControl>) p -> p.throttleShared(DataSize.ofKB(100))),
        Arguments.of(
            "downstream bandwidth 1MiB/s Shared",
            (Consumer<ProxyControl>) p -> p.downstream().throttleShared(DataSize.ofMiB(1))),
        Arguments.of(
            "throttle 1MB/s link wan",
            (Consumer<ProxyControl>) p -> p.throttleLink("wan", DataSize.ofMB(1))),
        Arguments.of(
            "upstream toxicity 50% throttle 10KB link office-uplink",
            (Consumer<ProxyControl>)
                p -> p.upstream().toxicity(0.5).throttleLink("office-uplink", DataSize.ofKB(10))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("equivalents")
  void wordsMakeTheSameToxicsAsTheJavaCalls(String text, Consumer<ProxyControl> java) {
    try (ProxyControl p = engine.newProxy("p").start()) {
      java.accept(p);
      assertThat(ChaosText.parse(text).toxics).isEqualTo(p.toxics());
    }
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            "throttle 1MB/s link",
            "a value is missing; write throttle RATE, like throttle 10KiB/s (B, KB, MB, KiB or"
                + " MiB per second); one rate for all the proxy's connections: throttle 100KB/s"
                + " shared; for a link across proxies: throttle 1MB/s link wan"),
        Arguments.of(
            "throttle 1MB/s link a/b",
            "chaos \"throttle 1MB/s link a/b\": a link name is 1 to 128 letters, digits, '.', '_',"
                + " ':' or '-', and not dots alone, was 'a/b'"),
        Arguments.of(
            "throttle 1MB/s shared link wan",
            "a link is shared already; write throttle RATE link NAME, without 'shared'"),
        Arguments.of("throttle 1MB/s link wan shared", "unexpected 'shared'; write throttle RATE"),
        Arguments.of("throttle 1MB/s sharde", "unexpected 'sharde'; write throttle RATE"),
        Arguments.of("throttle shared", "rate 'shared' is not a size"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("mistakes")
  void mistakesSayWhatIsWrongAndWhatIsValid(String text, String message) {
    assertThatThrownBy(() -> ChaosText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
