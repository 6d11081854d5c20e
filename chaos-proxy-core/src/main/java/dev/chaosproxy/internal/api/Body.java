package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A JSON object from a request, read field by field with precise errors: which field, what it must
 * be, what it was. Unknown fields are an error, never silently ignored.
 */
final class Body {
  private final ObjectNode node;

  /** What the object describes, for messages: {@code proxy}, {@code toxic}, ... */
  private final String what;

  private Body(ObjectNode node, String what) {
    this.node = node;
    this.what = what;
  }

  /** {@code json} as an object describing {@code what}; null (an empty body) is an error. */
  static Body of(JsonNode json, String what, List<String> fields) {
    if (json == null) {
      throw ApiException.badBody(
          "empty; expected a JSON object describing a " + what + " with fields " + fields);
    }
    if (!json.isObject()) {
      throw ApiException.badBody(
          "expected a JSON object describing a " + what + ", was " + Json.typeName(json));
    }
    Body b = new Body((ObjectNode) json, what);
    b.allowOnly(fields);
    return b;
  }

  /** Like {@link #of} but an empty body is an empty object. */
  static Body orEmpty(JsonNode json, String what, List<String> fields) {
    return of(json == null ? Json.object() : json, what, fields);
  }

  private void allowOnly(List<String> fields) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw ApiException.badBody(
            "unknown field '"
                + f
                + "' in a "
                + what
                + "; valid fields: "
                + String.join(", ", fields));
      }
    }
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  private JsonNode get(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  private ApiException wrongType(String field, String expected, JsonNode v) {
    return ApiException.badBody(
        "field '" + field + "' of a " + what + " must be " + expected + ", was " + Json.show(v));
  }

  Optional<String> string(String field) {
    JsonNode v = get(field);
    if (v == null) return Optional.empty();
    if (!v.isTextual()) throw wrongType(field, "a string", v);
    return Optional.of(v.textValue());
  }

  String requiredString(String field) {
    String s = string(field).orElse("");
    if (s.isEmpty()) throw ApiException.missingField(field);
    return s;
  }

  Optional<Boolean> bool(String field) {
    JsonNode v = get(field);
    if (v == null) return Optional.empty();
    if (!v.isBoolean()) throw wrongType(field, "true or false", v);
    return Optional.of(v.booleanValue());
  }

  OptionalDouble number(String field) {
    JsonNode v = get(field);
    if (v == null) return OptionalDouble.empty();
    if (!v.isNumber()) throw wrongType(field, "a number", v);
    return OptionalDouble.of(v.doubleValue());
  }

  /** A whole number in {@code min..max}. */
  OptionalLong whole(String field, long min, long max, String unit) {
    JsonNode v = get(field);
    if (v == null) return OptionalLong.empty();
    if (!v.isNumber()
        || !(v.isIntegralNumber() || v.decimalValue().stripTrailingZeros().scale() <= 0)) {
      throw wrongType(field, "a whole number of " + unit, v);
    }
    if (v.decimalValue().compareTo(java.math.BigDecimal.valueOf(min)) < 0
        || v.decimalValue().compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
      throw ApiException.badBody(
          "field '"
              + field
              + "' of a "
              + what
              + " must be between "
              + min
              + " and "
              + max
              + " "
              + unit
              + ", was "
              + Json.show(v));
    }
    return OptionalLong.of(v.longValue());
  }

  /** A probability in 0..1. */
  OptionalDouble probability(String field) {
    OptionalDouble d = number(field);
    if (d.isPresent() && !(d.getAsDouble() >= 0 && d.getAsDouble() <= 1)) {
      throw ApiException.badBody(
          "field '"
              + field
              + "' of a "
              + what
              + " is a probability and must be between 0.0 and 1.0, was "
              + Json.show(node.get(field)));
    }
    return d;
  }

  Optional<ObjectNode> object(String field) {
    JsonNode v = get(field);
    if (v == null) return Optional.empty();
    if (!v.isObject()) throw wrongType(field, "an object", v);
    return Optional.of((ObjectNode) v);
  }

  Optional<ArrayNode> array(String field) {
    JsonNode v = get(field);
    if (v == null) return Optional.empty();
    if (!v.isArray()) throw wrongType(field, "an array", v);
    return Optional.of((ArrayNode) v);
  }

  /**
   * An object of plain values (numbers, strings, booleans) as Java values: integral numbers are
   * {@code Long}, others {@code Double}. Nested objects or arrays are an error.
   */
  static Map<String, Object> plainValues(ObjectNode obj, String where) {
    return plainValues(obj, where, java.util.Set.of());
  }

  /**
   * As {@link #plainValues(ObjectNode, String)}, but the fields named in {@code headerFields} may
   * also hold an object of strings (header name to value), read as a {@code Map<String, String>}.
   */
  static Map<String, Object> plainValues(
      ObjectNode obj, String where, java.util.Set<String> headerFields) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      JsonNode v = e.getValue();
      Object value;
      if (v.isObject() && headerFields.contains(e.getKey())) {
        value = headerFields(v, where + " '" + e.getKey() + "'");
      } else if (v.isIntegralNumber()) {
        value = v.canConvertToLong() ? (Object) v.longValue() : (Object) v.doubleValue();
      } else if (v.isNumber()) {
        java.math.BigDecimal d = v.decimalValue();
        value =
            d.stripTrailingZeros().scale() <= 0
                    && d.abs().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                ? (Object) d.longValue()
                : (Object) d.doubleValue();
      } else if (v.isTextual()) {
        value = v.textValue();
      } else if (v.isBoolean()) {
        value = v.booleanValue();
      } else if (v.isNull()) {
        continue;
      } else if (headerFields.contains(e.getKey())) {
        throw ApiException.badBody(
            where
                + " '"
                + e.getKey()
                + "' is header fields: an object of names to string values, like"
                + " {\"Retry-After\": \"5\"}, or text \"Name: value; Name: value\", was "
                + Json.typeName(v));
      } else {
        throw ApiException.badBody(
            where + " '" + e.getKey() + "' must be a number or a string, was " + Json.typeName(v));
      }
      out.put(e.getKey(), value);
    }
    return out;
  }

  /** An object of header names to strings, in order; any other value in it is a 400. */
  private static Map<String, String> headerFields(JsonNode obj, String where) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> h : obj.properties()) {
      if (!h.getValue().isTextual()) {
        throw ApiException.badBody(
            where
                + " maps header names to string values; the value of '"
                + h.getKey()
                + "' was "
                + Json.typeName(h.getValue())
                + " (quote it: \""
                + h.getValue()
                + "\")");
      }
      out.put(h.getKey(), h.getValue().textValue());
    }
    return out;
  }
}
