package dev.chaosproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code throttleShared} and {@code throttleLink} make the bandwidth toxics REST would. */
class SharedThrottleVocabularyTest {
  @Test
  void throttleSharedIsABandwidthToxicWithShared() {
    assertThat(new ToxicList().downstream().throttleShared(DataSize.ofKB(100)).toxics())
        .containsExactly(
            Toxic.of(
                ToxicType.BANDWIDTH,
                Direction.DOWNSTREAM,
                Map.of("rate_bytes", 100_000L, "shared", true)));
  }

  @Test
  void throttleLinkIsABandwidthToxicWithALinkOnEachDirection() {
    List<Toxic> toxics = new ToxicList().throttleLink("wan", DataSize.ofMB(1)).toxics();
    assertThat(toxics).hasSize(2);
    for (Toxic t : toxics) {
      assertThat(t.attributes())
          .containsEntry("rate_bytes", 1_000_000L)
          .containsEntry("link", "wan")
          .doesNotContainKey("shared");
    }
  }

  @Test
  void aLaterThrottleReplacesTheSharedOne() {
    ToxicList chaos = new ToxicList().upstream().throttleShared(DataSize.ofKB(1));
    chaos.throttle(DataSize.ofKB(2));
    assertThat(chaos.toxics()).hasSize(1);
    assertThat(chaos.toxics().get(0).attributes()).containsOnlyKeys("rate", "rate_bytes");
  }

  @Test
  void aBadLinkNameIsRefusedWithTheNameRules() {
    assertThatThrownBy(() -> new ToxicList().throttleLink("", DataSize.ofKB(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a link name is 1 to 128 letters, digits, '.', '_', ':' or '-', and not dots alone,"
                + " was ''");
    assertThatThrownBy(() -> new ToxicList().throttleLink(null, DataSize.ofKB(1)))
        .hasMessageStartingWith("a link name is")
        .hasMessageEndingWith("was null");
    assertThatThrownBy(() -> new ToxicList().throttleLink("wan", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("perSecond");
    assertThatThrownBy(() -> new ToxicList().throttleShared(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("perSecond");
  }
}
