package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.Trigger;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads toxics from request bodies, with Toxiproxy's defaults and error wording. */
final class ToxicBodies {
  static final List<String> FIELDS =
      List.of("name", "type", "stream", "toxicity", "attributes", "trigger");

  private ToxicBodies() {}

  /**
   * A new toxic: {@code type} is required; {@code stream} defaults to downstream, {@code toxicity}
   * to 1, {@code name} to {@code <type>_<stream>}; attributes default per type.
   */
  static Toxic create(JsonNode json) {
    Body b = Body.of(json, "toxic", FIELDS);
    String typeText = b.string("type").orElse("");
    ToxicType type;
    try {
      type = ToxicType.parse(typeText);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid toxic type: " + e.getMessage());
    }
    Direction stream = stream(b);
    Map<String, Object> attrs =
        b.object("attributes").map(o -> attributes(o, type)).orElse(Map.of());
    Toxic base = schema(() -> Toxic.of(type, stream, attrs));
    String name = b.string("name").orElse(null);
    Toxic named = name == null ? base : schema(() -> base.named(name));
    double toxicity = toxicity(b);
    Toxic t = schema(() -> named.withToxicity(toxicity));
    if (!b.has("trigger")) return t;
    Trigger trigger = trigger(json);
    return schema(() -> t.when(trigger));
  }

  /** The body's {@code trigger}: an object of conditions, or null (none). */
  private static Trigger trigger(JsonNode json) {
    JsonNode node = json.get("trigger");
    if (node == null || node.isNull()) return null;
    if (!node.isObject()) {
      throw ApiException.badBody(
          "trigger must be an object of conditions such as {\"first_connections\": 2}, was "
              + Json.typeName(node));
    }
    Map<String, Object> conditions = Body.plainValues((ObjectNode) node, "trigger condition");
    return schema(() -> Trigger.of(conditions));
  }

  /** Several new toxics (a JSON array); names must be unique. */
  static List<Toxic> createAll(JsonNode json, String where) {
    if (json == null || !json.isArray()) {
      throw ApiException.badBody(
          where
              + " must be a JSON array of toxics, was "
              + (json == null ? "empty" : Json.typeName(json)));
    }
    List<Toxic> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 0;
    for (JsonNode n : json) {
      i++;
      Toxic t;
      try {
        t = create(n);
      } catch (ApiException e) {
        throw e.at("toxic " + i + " of " + where);
      }
      if (!names.add(t.name())) {
        throw ApiException.conflict(
            ApiException.TOXIC_EXISTS,
            "toxic already exists: two toxics are named '" + t.name() + "' in " + where);
      }
      out.add(t);
    }
    return out;
  }

  /**
   * {@code current} updated by a partial body, as Toxiproxy's update: {@code attributes} are
   * merged, {@code toxicity} replaced. {@code name}, {@code type} and {@code stream} may be
   * repeated but not changed.
   */
  static Toxic update(Toxic current, JsonNode json) {
    Body b = Body.of(json, "toxic", FIELDS);
    b.string("name")
        .ifPresent(
            n -> {
              if (!n.equals(current.name()))
                throw ApiException.badBody(
                    "a toxic cannot be renamed (from '"
                        + current.name()
                        + "' to '"
                        + n
                        + "'); remove it and add it again");
            });
    b.string("type")
        .ifPresent(
            t -> {
              if (!t.equals(current.type().wireName())) {
                throw ApiException.badBody(
                    "the type of toxic '"
                        + current.name()
                        + "' is "
                        + current.type().wireName()
                        + " and cannot be changed to '"
                        + t
                        + "'; remove it and add it again");
              }
            });
    if (b.has("stream")) {
      Direction d = stream(b);
      if (d != current.direction()) {
        throw ApiException.badBody(
            "the stream of toxic '"
                + current.name()
                + "' is "
                + current.direction().wireName()
                + " and cannot be changed; remove it and add it again");
      }
    }
    Toxic t = current;
    if (b.has("attributes")) {
      Map<String, Object> patch = attributes(b.object("attributes").get(), current.type());
      Toxic base = t;
      t = schema(() -> base.withAttributes(patch));
    }
    if (b.has("toxicity")) {
      double toxicity = toxicity(b);
      Toxic base = t;
      t = schema(() -> base.withToxicity(toxicity));
    }
    if (json.has("trigger")) { // replaced whole; null removes it
      Trigger trigger = trigger(json);
      Toxic base = t;
      t = schema(() -> base.when(trigger));
    }
    return t;
  }

  /** A toxic's attributes: plain values, and objects of strings for its header-field ones. */
  private static Map<String, Object> attributes(ObjectNode o, ToxicType type) {
    Set<String> headerFields = new HashSet<>();
    for (Attr a : ToxicDescriptor.of(type).attributes()) {
      if (a.kind() == Attr.Kind.HEADERS) headerFields.add(a.name());
    }
    return Body.plainValues(o, "attribute", headerFields);
  }

  private static Direction stream(Body b) {
    String s = b.string("stream").orElse("downstream");
    try {
      return Direction.parse(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "stream was invalid, can be either upstream or downstream; was '" + s + "'");
    }
  }

  private static double toxicity(Body b) {
    if (!b.has("toxicity")) return 1.0;
    return b.probability("toxicity").getAsDouble();
  }

  /** Runs a core validation, turning its message into a 400. */
  private static <T> T schema(java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (IllegalArgumentException e) {
      throw ApiException.badBody(e.getMessage());
    }
  }
}
