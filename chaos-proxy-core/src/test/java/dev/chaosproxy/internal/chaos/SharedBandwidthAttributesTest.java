package dev.chaosproxy.internal.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ToxicType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bandwidth toxic's {@code shared} and {@code link}: absent by default, checked when given. */
class SharedBandwidthAttributesTest {
  private static final ToxicDescriptor BANDWIDTH = ToxicDescriptor.of(ToxicType.BANDWIDTH);

  @Test
  void absentTheToxicLooksLikeToxiproxys() {
    assertThat(BANDWIDTH.normalize(Map.of("rate", 100)).keySet())
        .containsExactly("rate", "rate_bytes");
  }

  @Test
  void keepsSharedAndLinkAsGiven() {
    assertThat(BANDWIDTH.normalize(Map.of("rate", 100, "shared", true)))
        .containsEntry("shared", true)
        .doesNotContainKey("link");
    assertThat(BANDWIDTH.normalize(Map.of("rate", 100, "link", "wan")))
        .containsEntry("link", "wan")
        .doesNotContainKey("shared");
    assertThat(BANDWIDTH.normalize(Map.of("rate", 100, "link", "wan", "shared", true)))
        .containsEntry("shared", true)
        .containsEntry("link", "wan");
  }

  @Test
  void sharedIsABoolean() {
    assertThatThrownBy(() -> BANDWIDTH.normalize(Map.of("rate", 100, "shared", "yes")))
        .hasMessage("bandwidth toxic: attribute 'shared' must be true or false, was \"yes\"");
    assertThatThrownBy(() -> BANDWIDTH.normalize(Map.of("rate", 100, "shared", 1)))
        .hasMessage("bandwidth toxic: attribute 'shared' must be true or false, was 1");
  }

  @Test
  void aLinkNameFollowsTheNameRules() {
    for (Object bad : List.of("", "a b", "..", "x".repeat(129), 7)) {
      Map<String, Object> given = new LinkedHashMap<>(Map.of("rate", 100));
      given.put("link", bad);
      assertThatThrownBy(() -> BANDWIDTH.normalize(given))
          .as("link %s", bad)
          .hasMessage(
              "bandwidth toxic: attribute 'link' is 1 to 128 letters, digits, '.', '_', ':' or"
                  + " '-', and not dots alone, was "
                  + (bad instanceof String ? "\"" + bad + "\"" : bad));
    }
  }

  @Test
  void aLinkIsSharedSoSharedFalseBesideOneIsRefused() {
    String message =
        "bandwidth toxic: attribute 'link' (\"wan\") shares the rate across proxies, so 'shared'"
            + " cannot be false; leave 'shared' out (or true) for a link, or leave 'link' out for a"
            + " rate per connection";
    assertThatThrownBy(
            () -> BANDWIDTH.normalize(Map.of("rate", 100, "link", "wan", "shared", false)))
        .hasMessage(message);
    Map<String, Object> perConnection = BANDWIDTH.normalize(Map.of("rate", 100, "shared", false));
    assertThatThrownBy(() -> BANDWIDTH.merge(perConnection, Map.of("link", "wan")))
        .hasMessage(message);
  }

  @Test
  void aPatchKeepsTheLinkAndChangesTheRate() {
    Map<String, Object> onLink = BANDWIDTH.normalize(Map.of("rate", 100, "link", "wan"));
    assertThat(BANDWIDTH.merge(onLink, Map.of("rate", 5)))
        .containsEntry("rate", 5L)
        .containsEntry("rate_bytes", 5_000L)
        .containsEntry("link", "wan");
  }
}
