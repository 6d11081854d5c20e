package dev.chaosproxy.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which link a toxic draws from, who decides its rate, and that a link unused is freed. */
class SharedLinksTest {
  private static final String WAN = "link 'wan' downstream";

  private final SharedLinks links = new SharedLinks();

  private static Toxic bandwidth(long rate, Map<String, Object> extra) {
    Map<String, Object> attributes = new java.util.LinkedHashMap<>(extra);
    attributes.put("rate_bytes", rate);
    return Toxic.of(ToxicType.BANDWIDTH, Direction.DOWNSTREAM, attributes);
  }

  @Test
  void keys() {
    assertThat(SharedLinks.key("a", bandwidth(1, Map.of()))).isNull();
    assertThat(SharedLinks.key("a", bandwidth(1, Map.of("shared", false)))).isNull();
    assertThat(SharedLinks.key("a", bandwidth(1, Map.of("shared", true))))
        .isEqualTo("proxy 'a' toxic 'bandwidth_downstream'");
    assertThat(SharedLinks.key("a", bandwidth(1, Map.of("link", "wan")))).isEqualTo(WAN);
    assertThat(SharedLinks.key("b", bandwidth(1, Map.of("link", "wan")))).isEqualTo(WAN);
    assertThat(
            SharedLinks.key(
                "a",
                Toxic.of(
                    ToxicType.BANDWIDTH, Direction.UPSTREAM, Map.of("rate", 1, "link", "wan"))))
        .isEqualTo("link 'wan' upstream");
    assertThat(SharedLinks.key("a", Toxic.of(ToxicType.LATENCY, Direction.UPSTREAM, Map.of())))
        .isNull();
  }

  @Test
  void theLastAddedOrChangedToxicDecidesTheRate() {
    links.declare("proxy 'a'", "a", List.of(bandwidth(1000, Map.of("link", "wan"))));
    assertThat(links.rate(WAN)).isEqualTo(1000);
    links.declare("proxy 'b'", "b", List.of(bandwidth(2000, Map.of("link", "wan"))));
    assertThat(links.rate(WAN)).as("b added last").isEqualTo(2000);
    // a declares its toxics again, unchanged (another toxic of a's changed): b's rate stays
    links.declare(
        "proxy 'a'",
        "a",
        List.of(
            bandwidth(1000, Map.of("link", "wan")),
            Toxic.of(ToxicType.LATENCY, Direction.UPSTREAM, Map.of("latency", 5))));
    assertThat(links.rate(WAN)).isEqualTo(2000);
    links.declare("proxy 'a'", "a", List.of(bandwidth(3000, Map.of("link", "wan"))));
    assertThat(links.rate(WAN)).as("a changed last").isEqualTo(3000);
    links.declare("proxy 'a'", "a", List.of());
    assertThat(links.rate(WAN)).as("a's gone: b's is the last left").isEqualTo(2000);
    links.declare("proxy 'b'", "b", List.of());
    assertThat(links.size()).isZero();
  }

  @Test
  void aLinkLivesWhileAFlowUsesItAfterItsToxicsAreGone() {
    links.declare("proxy 'a'", "a", List.of(bandwidth(1000, Map.of("link", "wan"))));
    assertThat(links.join(WAN, 5)).isNotNull();
    assertThat(links.rate(WAN)).as("declared, not the flow's").isEqualTo(1000);
    links.declare("proxy 'a'", "a", List.of());
    assertThat(links.size()).isEqualTo(1);
    links.leave(WAN);
    assertThat(links.size()).isZero();
  }

  @Test
  void anUndeclaredLinkTakesTheRateOfItsFirstFlow() {
    assertThat(links.join("proxy 'a' toxic 't'", 5).rate()).isEqualTo(5);
    assertThat(links.join("proxy 'a' toxic 't'", 9).rate()).isEqualTo(5);
    links.leave("proxy 'a' toxic 't'");
    links.leave("proxy 'a' toxic 't'");
    assertThat(links.size()).isZero();
  }
}
