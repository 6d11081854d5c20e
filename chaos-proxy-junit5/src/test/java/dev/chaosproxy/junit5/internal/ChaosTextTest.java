package dev.chaosproxy.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.Distribution;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Trigger;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The annotation's chaos words make exactly the toxics the Java calls of the same name make. */
class ChaosTextTest {
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
        Arguments.of("delay 250ms", (Consumer<ProxyControl>) p -> p.delay(Duration.ofMillis(250))),
        Arguments.of(
            "latency 1.5s jitter 100ms",
            (Consumer<ProxyControl>) p -> p.delay(Duration.ofMillis(1500), Duration.ofMillis(100))),
        Arguments.of(
            "downstream delay 250us",
            (Consumer<ProxyControl>) p -> p.downstream().delay(Duration.ofNanos(250_000))),
        Arguments.of(
            "throttle 10KiB/s", (Consumer<ProxyControl>) p -> p.throttle(DataSize.ofKiB(10))),
        Arguments.of(
            "upstream bandwidth 1MB",
            (Consumer<ProxyControl>) p -> p.upstream().throttle(DataSize.ofMB(1))),
        Arguments.of("throttle 0/s", (Consumer<ProxyControl>) p -> p.throttle(DataSize.ofBytes(0))),
        Arguments.of("slice 64B", (Consumer<ProxyControl>) p -> p.slice(DataSize.ofBytes(64))),
        Arguments.of(
            "slice 64B variation 16B pause 1ms",
            (Consumer<ProxyControl>)
                p -> p.slice(DataSize.ofBytes(64), DataSize.ofBytes(16), Duration.ofMillis(1))),
        Arguments.of("corrupt 0.01", (Consumer<ProxyControl>) p -> p.corrupt(0.01)),
        Arguments.of("FlipBits 5%", (Consumer<ProxyControl>) p -> p.flipBits(0.05)),
        Arguments.of("terminate 1", (Consumer<ProxyControl>) p -> p.terminate(1)),
        Arguments.of(
            "stall 5% pause 200ms",
            (Consumer<ProxyControl>) p -> p.stall(0.05, Duration.ofMillis(200))),
        Arguments.of(
            "delay 100ms jitter 20ms distribution normal",
            (Consumer<ProxyControl>)
                p -> p.delay(Duration.ofMillis(100), Duration.ofMillis(20), Distribution.NORMAL)),
        Arguments.of(
            "delay 100ms jitter 50ms distribution Pareto max 2s",
            (Consumer<ProxyControl>)
                p ->
                    p.delay(
                        Duration.ofMillis(100),
                        Duration.ofMillis(50),
                        Distribution.PARETO,
                        Duration.ofSeconds(2))),
        Arguments.of(
            "packetLoss 5% correlation 25%",
            (Consumer<ProxyControl>) p -> p.packetLoss(0.05, 0.25)),
        Arguments.of(
            "downstream packet_loss 0.1",
            (Consumer<ProxyControl>) p -> p.downstream().packetLoss(0.1, 0)),
        Arguments.of("timeout 2s", (Consumer<ProxyControl>) p -> p.timeout(Duration.ofSeconds(2))),
        Arguments.of("blackhole", (Consumer<ProxyControl>) ProxyControl::blackhole),
        Arguments.of(
            "downstream resetPeer",
            (Consumer<ProxyControl>) p -> p.downstream().resetPeer(Duration.ZERO)),
        Arguments.of(
            "reset_peer 100ms", (Consumer<ProxyControl>) p -> p.resetPeer(Duration.ofMillis(100))),
        Arguments.of(
            "slowClose 500ms", (Consumer<ProxyControl>) p -> p.slowClose(Duration.ofMillis(500))),
        Arguments.of(
            "limitData 1KiB", (Consumer<ProxyControl>) p -> p.limitData(DataSize.ofKiB(1))),
        Arguments.of(
            "sessionLimit 1m", (Consumer<ProxyControl>) p -> p.sessionLimit(Duration.ofMinutes(1))),
        Arguments.of(
            "slowConnect 300ms",
            (Consumer<ProxyControl>) p -> p.slowConnect(Duration.ofMillis(300))),
        // Whole-connection faults take a direction prefix as the Java view does: it says which view
        // lists and clears them.
        Arguments.of(
            "upstream sessionLimit 1s",
            (Consumer<ProxyControl>) p -> p.upstream().sessionLimit(Duration.ofSeconds(1))),
        Arguments.of(
            "downstream slowConnect 1s",
            (Consumer<ProxyControl>) p -> p.downstream().slowConnect(Duration.ofSeconds(1))),
        Arguments.of(
            "toxicity 0.3 upstream terminate 0.5",
            (Consumer<ProxyControl>) p -> p.upstream().toxicity(0.3).terminate(0.5)),
        Arguments.of(
            "first 2 refuse", (Consumer<ProxyControl>) p -> p.firstConnections(2).refuse()),
        Arguments.of(
            "connections 2..3 every 2 once refuse",
            (Consumer<ProxyControl>)
                p ->
                    p.when(
                            Trigger.connections(2, 3)
                                .and(Trigger.everyNthConnection(2))
                                .and(Trigger.once()))
                        .refuse()),
        Arguments.of(
            "downstream after 4KiB resetPeer",
            (Consumer<ProxyControl>)
                p -> p.downstream().after(DataSize.ofKiB(4)).resetPeer(Duration.ZERO)),
        Arguments.of(
            "upstream seen \"BEGIN WORK\" delay 2s",
            (Consumer<ProxyControl>)
                p -> p.upstream().whenSeen("BEGIN WORK").delay(Duration.ofSeconds(2))),
        Arguments.of(
            "upstream matching \"(COMMIT|ROLLBACK);\" resetPeer",
            (Consumer<ProxyControl>)
                p ->
                    p.upstream()
                        .when(Trigger.matches("(COMMIT|ROLLBACK);"))
                        .resetPeer(Duration.ZERO)),
        Arguments.of(
            "client 10.0.0.0/8 ports 40000..40100 toxicity 50% delay 1s",
            (Consumer<ProxyControl>)
                p ->
                    p.when(Trigger.fromClient("10.0.0.0/8").and(Trigger.clientPorts(40000, 40100)))
                        .toxicity(0.5)
                        .delay(Duration.ofSeconds(1))),
        Arguments.of(
            "after 2s during 1s..5s blackhole",
            (Consumer<ProxyControl>)
                p ->
                    p.when(Trigger.after(Duration.ofSeconds(2)))
                        .when(Trigger.during(Duration.ofSeconds(1), Duration.ofSeconds(5)))
                        .blackhole()),
        Arguments.of(
            "downstream toxicity 30% delay 0",
            (Consumer<ProxyControl>) p -> p.downstream().toxicity(0.3).delay(Duration.ZERO)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("equivalents")
  void wordsMakeTheSameToxicsAsTheJavaCalls(String text, Consumer<ProxyControl> java) {
    try (ProxyControl p = engine.newProxy("p").start()) {
      java.accept(p);
      assertThat(ChaosText.parse(text).toxics).isEqualTo(p.toxics());
    }
  }

  @Test
  void aLaterFaultOfTheSameKindAndDirectionReplacesTheEarlierOne() {
    try (ProxyControl p = engine.newProxy("p").start()) {
      p.delay(Duration.ofMillis(100)).upstream().delay(Duration.ofMillis(200));
      assertThat(ChaosText.parse("delay 100ms", "upstream delay 200ms").toxics)
          .containsExactlyInAnyOrderElementsOf(p.toxics());
    }
  }

  @Test
  void downStartsTheProxyDown() {
    assertThat(ChaosText.parse("down").down).isTrue();
    assertThat(ChaosText.parse("delay 1ms").down).isFalse();
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("", "a chaos entry is empty; faults: delay, throttle"),
        Arguments.of(
            "dealy 250ms",
            "chaos \"dealy 250ms\": unknown fault 'dealy'; faults: delay, throttle, slice"),
        Arguments.of(
            "delay 250",
            "latency '250' needs a unit; write a number and a unit, like 250ms, 1.5s or 0 (units: us, ms, s, m)"),
        Arguments.of("delay soon", "latency 'soon' is not a duration"),
        Arguments.of("delay -5ms", "latency '-5ms' is not a duration"),
        Arguments.of("delay", "a value is missing; write delay LATENCY [jitter JITTER]"),
        Arguments.of("delay 1ms 2ms", "unexpected '2ms'; write delay LATENCY [jitter JITTER]"),
        Arguments.of(
            "throttle fast",
            "rate 'fast' is not a size; write throttle RATE, like throttle 10KiB/s"),
        Arguments.of("throttle 10kib/s", "rate '10kib' is not a size"),
        Arguments.of("corrupt 2", "probability '2' is more than 1"),
        Arguments.of("terminate 150%", "probability '150%' is more than 100%"),
        Arguments.of(
            "terminate often", "probability 'often' is not a number; write a fraction from 0 to 1"),
        Arguments.of(
            "stall 0.1 200ms", "stall needs a pause; write stall PROBABILITY pause DURATION"),
        Arguments.of("packetLoss 120%", "loss rate '120%' is more than 100%"),
        Arguments.of(
            "delay 100ms jitter 20ms distribution gamma",
            "unknown distribution 'gamma'; valid: uniform, normal, lognormal, pareto"),
        Arguments.of(
            "packetLoss 5% burst 2",
            "unexpected 'burst 2'; write packetLoss RATE [correlation FRACTION], like packetLoss 5% correlation 25%"),
        Arguments.of(
            "timeout 0",
            "timeout must be positive; for a connection that never closes write blackhole"),
        Arguments.of("upstream downstream delay 1ms", "the direction is given twice"),
        Arguments.of("toxicity 2 delay 1ms", "toxicity '2' is more than 1"),
        Arguments.of("toxicity delay 1ms", "toxicity 'delay' is not a number"),
        Arguments.of(
            "delay toxicity 50% 100ms",
            "'toxicity' is a prefix: it goes before the fault's name, as in "
                + "[upstream|downstream] [toxicity FRACTION] [TRIGGER...] FAULT ARGUMENTS (triggers: first N,"),
        Arguments.of("delay toxicity 50% 100ms", "write \"toxicity 50% delay 100ms\""),
        Arguments.of("refuse first 2", "'first' is a prefix"),
        Arguments.of("refuse first 2", "write \"first 2 refuse\""),
        Arguments.of(
            "upstream resetPeer seen \"a b\"", "write \"upstream seen \"a b\" resetPeer\""),
        Arguments.of("first two refuse", "first 'two' is not a whole number of connections"),
        Arguments.of(
            "first 0 refuse", "firstConnections is a count of connections and must be >= 1"),
        Arguments.of(
            "connections 3 refuse", "connections '3' is not a range; write two whole numbers"),
        Arguments.of(
            "connections 3..2 refuse", "connections_to (2) must be >= connections_from (3)"),
        Arguments.of("after soon refuse", "after 'soon' is neither a size nor a duration"),
        Arguments.of("after 1s sessionLimit 2s", "session_limit acts on the whole connection"),
        Arguments.of("during 3s refuse", "during '3s' is not a window; write during FROM..TO"),
        Arguments.of("client db.local refuse", "client must be an IP address or a CIDR block"),
        Arguments.of("matching \"(\" resetPeer", "regex does not compile"),
        Arguments.of("seen \"open resetPeer", "a quote is not closed"),
        Arguments.of("once once refuse", "the trigger 'once' is given twice"),
        Arguments.of(
            "first 2 down",
            "down takes the whole proxy down; it has no direction, toxicity or trigger"),
        Arguments.of(
            "delay 100ms upstream", "'upstream' is a prefix: it goes before the fault's name"),
        Arguments.of("delay 100ms upstream", "write \"upstream delay 100ms\""),
        Arguments.of(
            "upstream delay 100ms toxicity 10%", "write \"upstream toxicity 10% delay 100ms\""),
        Arguments.of("delay 100ms toxicity", "write \"toxicity FRACTION delay 100ms\""),
        Arguments.of("sessionLimit 1s Downstream", "'Downstream' is a prefix"),
        Arguments.of(
            "upstream down",
            "down takes the whole proxy down; it has no direction, toxicity or trigger"),
        Arguments.of("blackhole now", "unexpected 'now'; write blackhole (no arguments)"),
        Arguments.of("upstream", "no fault named; faults: delay"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("mistakes")
  void mistakesSayWhatIsWrongAndWhatIsValid(String text, String message) {
    assertThatThrownBy(() -> ChaosText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void durationsAndFractions() {
    assertThat(ChaosText.duration("d", "0")).isZero();
    assertThat(ChaosText.duration("d", "1.25s")).isEqualTo(Duration.ofMillis(1250));
    assertThat(ChaosText.duration("d", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ChaosText.duration("d", "7µs")).isEqualTo(Duration.ofNanos(7_000));
    assertThat(ChaosText.fraction("p", "12.5%")).isEqualTo(0.125);
    assertThat(ChaosText.fraction("p", "0")).isZero();
  }
}
