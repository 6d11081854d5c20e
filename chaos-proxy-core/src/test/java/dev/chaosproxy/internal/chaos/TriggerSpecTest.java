package dev.chaosproxy.internal.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.Trigger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a trigger fires in a stream cut into reads at every place, and what it refuses. */
class TriggerSpecTest {
  private static final byte[] STREAM =
      "GET / HTTP/1.1\r\nHost: x\r\n\r\nBEGIN; UPDATE t; COMMIT; rest of it"
          .getBytes(StandardCharsets.ISO_8859_1);

  /**
   * The absolute offset at which {@code trigger} fires when the stream is read in two pieces cut at
   * {@code cut}.
   */
  private static long fireAt(Trigger trigger, int cut, long alreadyRead) {
    TriggerSpec.Scanner s = TriggerSpec.of(trigger).scanner(alreadyRead);
    int at = s.scan(STREAM, 0, cut);
    if (at >= 0) return alreadyRead + at;
    at = s.scan(STREAM, cut, STREAM.length);
    return at < 0 ? -1 : alreadyRead + at;
  }

  private static int end(String text) {
    return new String(STREAM, StandardCharsets.ISO_8859_1).indexOf(text) + text.length();
  }

  @Test
  void aPatternFiresRightAfterItsLastByteWhereverTheReadsAreCut() {
    for (int cut = 0; cut <= STREAM.length; cut++) {
      assertThat(fireAt(Trigger.seen("COMMIT"), cut, 0))
          .as("cut at %d", cut)
          .isEqualTo(end("COMMIT"));
      assertThat(fireAt(Trigger.seen("\r\n\r\n"), cut, 0))
          .as("cut at %d", cut)
          .isEqualTo(end("\r\n\r\n"));
      assertThat(fireAt(Trigger.matches("UPDATE [a-z]+;"), cut, 0))
          .as("regex, cut at %d", cut)
          .isEqualTo(end("UPDATE t;"));
    }
  }

  @Test
  void aPatternWithARepeatedPrefixIsFoundAcrossReads() {
    byte[] s = "aaab".getBytes(StandardCharsets.US_ASCII);
    for (int cut = 0; cut <= s.length; cut++) {
      TriggerSpec.Scanner sc = TriggerSpec.of(Trigger.seen("aab")).scanner(0);
      int at = sc.scan(s, 0, cut);
      if (at < 0) at = sc.scan(s, cut, s.length);
      assertThat(at).as("cut at %d", cut).isEqualTo(4);
    }
  }

  @Test
  void aRegexThatBacktracksWithoutEndIsGivenUpInsteadOfHoldingTheLoop() {
    TriggerSpec.Scanner s =
        TriggerSpec.of(Trigger.matches("(a+)+b", DataSize.ofKiB(64))).scanner(0);
    byte[] as = "a".repeat(5000).getBytes(StandardCharsets.US_ASCII);
    long start = System.nanoTime();
    assertThat(s.scan(as, 0, as.length)).isEqualTo(-1);
    assertThat(s.scan("ab".getBytes(StandardCharsets.US_ASCII), 0, 2)).as("given up").isEqualTo(-1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void anOffsetFiresAtExactlyThatByteCountingFromTheConnectionsStart() {
    for (int cut = 0; cut <= STREAM.length; cut++) {
      assertThat(fireAt(Trigger.afterBytes(DataSize.ofBytes(10)), cut, 0)).isEqualTo(10);
      assertThat(fireAt(Trigger.afterBytes(DataSize.ofBytes(10)), cut, 4)).isEqualTo(10);
    }
    assertThat(TriggerSpec.of(Trigger.afterBytes(DataSize.ofBytes(3))).scanner(5).fired())
        .as("an offset passed before the toxic was added")
        .isTrue();
  }

  @Test
  void anOffsetAndAPatternTogetherFireWhenBothHaveHappened() {
    Trigger both = Trigger.afterBytes(DataSize.ofBytes(40)).and(Trigger.seen("\r\n\r\n"));
    for (int cut = 0; cut <= STREAM.length; cut++) {
      assertThat(fireAt(both, cut, 0)).isEqualTo(40);
    }
    Trigger early = Trigger.afterBytes(DataSize.ofBytes(2)).and(Trigger.seen("COMMIT"));
    assertThat(fireAt(early, 5, 0)).isEqualTo(end("COMMIT"));
  }

  @Test
  void connectionsAreChosenByNumberEveryNthAndClient() {
    InetSocketAddress local = new InetSocketAddress("127.0.0.1", 40000);
    TriggerSpec first2 = TriggerSpec.of(Trigger.firstConnections(2));
    assertThat(first2.matchesConnection(1, local)).isTrue();
    assertThat(first2.matchesConnection(2, local)).isTrue();
    assertThat(first2.matchesConnection(3, local)).isFalse();
    TriggerSpec every3 = TriggerSpec.of(Trigger.everyNthConnection(3));
    assertThat(every3.matchesConnection(3, local)).isTrue();
    assertThat(every3.matchesConnection(4, local)).isFalse();
    assertThat(TriggerSpec.of(Trigger.fromClient("127.0.0.0/8")).matchesConnection(1, local))
        .isTrue();
    assertThat(TriggerSpec.of(Trigger.fromClient("10.0.0.0/8")).matchesConnection(1, local))
        .isFalse();
    assertThat(TriggerSpec.of(Trigger.fromClient("127.0.0.1")).matchesConnection(1, local))
        .isTrue();
    assertThat(TriggerSpec.of(Trigger.fromClient("::ffff:127.0.0.1")).matchesConnection(1, local))
        .as("an IPv4-mapped address")
        .isTrue();
    assertThat(TriggerSpec.of(Trigger.clientPorts(40000, 40010)).matchesConnection(1, local))
        .isTrue();
    assertThat(TriggerSpec.of(Trigger.clientPorts(40001, 40010)).matchesConnection(1, local))
        .isFalse();
  }

  @Test
  void theWireFormIsCanonical() {
    assertThat(Trigger.of(Map.of("first_connections", 2L)).conditions())
        .containsExactly(Map.entry("connections_from", 1L), Map.entry("connections_to", 2L));
    assertThat(Trigger.of(Map.of("after_bytes", 4096.0)).conditions())
        .containsEntry("after_bytes", 4096L);
    assertThat(Trigger.seen(new byte[] {0, (byte) 0xff}).conditions())
        .containsEntry("pattern_hex", "00ff");
    assertThat(Trigger.firstConnections(2).and(Trigger.once()))
        .isEqualTo(Trigger.of(Map.of("connections_from", 1, "connections_to", 2, "once", true)));
  }

  @Test
  void badConditionsSayWhatIsValid() {
    assertThatThrownBy(() -> Trigger.firstConnections(0))
        .hasMessageContaining("must be >= 1, was 0");
    assertThatThrownBy(() -> Trigger.connections(3, 2))
        .hasMessageContaining("connections_to (2) must be >= connections_from (3)");
    assertThatThrownBy(() -> Trigger.seen("")).hasMessageContaining("pattern must not be empty");
    assertThatThrownBy(() -> Trigger.matches("(")).hasMessageContaining("regex does not compile");
    assertThatThrownBy(() -> Trigger.matches("a*")).hasMessageContaining("matches the empty text");
    assertThatThrownBy(() -> Trigger.fromClient("10.0.0.0/33"))
        .hasMessageContaining("prefix length")
        .hasMessageContaining("0..32");
    assertThatThrownBy(() -> Trigger.fromClient("db.local"))
        .hasMessageContaining("an IP address or a CIDR block");
    assertThatThrownBy(() -> Trigger.clientPorts(0, 10)).hasMessageContaining("1..65535");
    assertThatThrownBy(() -> Trigger.during(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("during_to_ms (1000) must be > during_from_ms (2000)");
    assertThatThrownBy(() -> Trigger.after(Duration.ofMillis(-1))).hasMessageContaining("-1ms");
    assertThatThrownBy(() -> Trigger.of(Map.of("after_byte", 1)))
        .hasMessageContaining("no condition 'after_byte'")
        .hasMessageContaining("after_bytes (bytes, >= 0)");
    assertThatThrownBy(() -> Trigger.of(Map.of("after_bytes", -1)))
        .hasMessageContaining("after_bytes must be a whole number (bytes, >= 0), was -1");
    assertThatThrownBy(() -> Trigger.of(Map.of("once", "yes")))
        .hasMessageContaining("true or false");
    assertThatThrownBy(() -> Trigger.of(Map.of())).hasMessageContaining("at least one condition");
    assertThatThrownBy(() -> Trigger.once().and(Trigger.once()))
        .hasMessageContaining("already has condition 'once'");
    assertThatThrownBy(() -> Trigger.of(Map.of("regex_window", 10)))
        .hasMessageContaining("only for a regex");
  }
}
