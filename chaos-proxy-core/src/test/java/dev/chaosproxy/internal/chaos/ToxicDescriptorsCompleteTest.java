package dev.chaosproxy.internal.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every toxic type has a whole descriptor, so a new type cannot be half-added. */
class ToxicDescriptorsCompleteTest {
  @ParameterizedTest
  @EnumSource(ToxicType.class)
  void describesItsOwnType(ToxicType type) {
    ToxicDescriptor d = ToxicDescriptor.of(type);
    assertThat(d.type()).isSameAs(type);
    assertThat(d.effect()).isNotNull();
    assertThat(ToxicType.parse(type.wireName())).isSameAs(type);
    // where toxic X is defined: internal/chaos/toxics/X.java, X its wire name in camel case
    assertThat(d.getClass().getSimpleName().toLowerCase(Locale.ROOT))
        .isEqualTo(type.wireName().replace("_", ""));
  }

  @ParameterizedTest
  @EnumSource(ToxicType.class)
  void namesEachAttributeOnceWithAKindAndADescription(ToxicType type) {
    ToxicDescriptor d = ToxicDescriptor.of(type);
    List<String> names = names(d);
    assertThat(names).isNotEmpty().doesNotHaveDuplicates();
    for (Attr a : d.attributes()) {
      assertThat(a.kind()).isNotNull();
      assertThat(d.describe()).contains(a.name() + " (");
      assertThat(a.choices().isEmpty()).isEqualTo(a.kind() != Attr.Kind.CHOICE);
    }
  }

  @ParameterizedTest
  @EnumSource(ToxicType.class)
  void defaultsAreValidAndFillEveryAttributeInOrder(ToxicType type) {
    ToxicDescriptor d = ToxicDescriptor.of(type);
    Map<String, Object> required = new LinkedHashMap<>();
    // Required: no default and not an extension (an extension with no default is optional).
    for (Attr a : d.attributes())
      if (a.defaultValue() == null && a.shownWhenDefault()) required.put(a.name(), sample(a));
    // http_header needs one of its optional attributes: give it, as any use does
    Map<String, Object> given = new LinkedHashMap<>(required);
    if (type == ToxicType.HTTP_HEADER) given.put("remove", "X-Old");
    Map<String, Object> normalized = d.normalize(given);
    // Extensions to a Toxiproxy type stay out unless given, so the type looks like Toxiproxy's.
    List<String> shown =
        d.attributes().stream()
            .filter(Attr::shownWhenDefault)
            .map(Attr::name)
            .collect(Collectors.toList());
    assertThat(List.copyOf(normalized.keySet())).isEqualTo(shown);
    for (Attr a : d.attributes()) {
      if (a.defaultValue() != null && a.shownWhenDefault() && !given.containsKey(a.name()))
        assertThat(normalized.get(a.name())).as(a.name()).isEqualTo(a.defaultValue());
    }
    for (Attr a : required.keySet().stream().map(n -> attr(d, n)).collect(Collectors.toList())) {
      Map<String, Object> without = new LinkedHashMap<>(given);
      without.remove(a.name());
      assertThatThrownBy(() -> d.normalize(without))
          .hasMessageStartingWith(type.wireName() + " toxic needs attribute '" + a.name() + "'");
    }
  }

  @ParameterizedTest
  @EnumSource(ToxicType.class)
  void roundTripsAttributesThroughAToxic(ToxicType type) {
    ToxicDescriptor d = ToxicDescriptor.of(type);
    Map<String, Object> given = new LinkedHashMap<>();
    for (Attr a : d.attributes()) given.put(a.name(), sample(a));
    Toxic t = Toxic.of(type, Direction.UPSTREAM, given);
    assertThat(Toxic.of(type, Direction.UPSTREAM, t.attributes())).isEqualTo(t);
    assertThat(t.withAttributes(t.attributes())).isEqualTo(t);
    assertThat(d.normalize(t.attributes())).isEqualTo(t.attributes());
    for (Attr a : d.attributes()) {
      if (a.kind() == Attr.Kind.CHOICE
          || a.kind() == Attr.Kind.NAME
          || a.kind() == Attr.Kind.TEXT) {
        assertThat(a.string(t)).isEqualTo(t.attributes().get(a.name()));
      } else if (a.kind() == Attr.Kind.FLAG) {
        assertThat(a.flag(t)).isEqualTo(t.attributes().get(a.name()));
      } else if (a.kind() == Attr.Kind.HEADERS) {
        assertThat(a.headers(t)).isEqualTo(t.attributes().get(a.name()));
      } else {
        assertThat(a.doubleValue(t))
            .isEqualTo(((Number) t.attributes().get(a.name())).doubleValue());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ToxicType.class)
  void rejectsAnUnknownAttributeListingTheValidOnes(ToxicType type) {
    ToxicDescriptor d = ToxicDescriptor.of(type);
    assertThatThrownBy(() -> d.normalize(Map.of("no_such_attribute", 1)))
        .hasMessage(
            type.wireName()
                + " toxic has no attribute 'no_such_attribute'; valid attributes: "
                + d.describe());
  }

  /** A valid value that is not the default, so a round trip shows it is kept. */
  private static Object sample(Attr a) {
    switch (a.kind()) {
      case PROBABILITY:
        return 0.25;
      case CHOICE:
        return a.choices().get(a.choices().size() - 1);
      case FLAG:
        return true;
      case NAME:
        return "wan";
      case TEXT:
        switch (a.name()) {
          case "method":
            return "GET,POST";
          case "path":
            return "/search/**";
          case "path_regex":
            return ""; // not beside a path
          case "header":
            return "X-Tenant: blue";
          default:
            return "X-Old";
        }
      case STATUS:
        return 429L;
      case HEADERS:
        return Map.of("Retry-After", "1");
      case BYTES_PER_SECOND:
        return 3000L; // agrees with a rate of 3 KB/s
      case BYTES:
        return a.defaultValue() == null ? 3L : 1L; // a slicer's variation is below its size
      default:
        return 3L;
    }
  }

  private static List<String> names(ToxicDescriptor d) {
    return d.attributes().stream().map(Attr::name).collect(Collectors.toList());
  }

  private static Attr attr(ToxicDescriptor d, String name) {
    return d.attributes().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
  }
}
