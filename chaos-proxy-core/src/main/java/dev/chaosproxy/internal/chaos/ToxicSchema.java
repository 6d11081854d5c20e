package dev.chaosproxy.internal.chaos;

import dev.chaosproxy.ToxicType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The attributes each toxic type takes: names, units, defaults and valid ranges. Normalizes raw
 * attribute maps (from Java, JSON or flags) into complete, validated ones, or explains what is
 * wrong with them.
 */
public final class ToxicSchema {
  /** What kind of value an attribute holds; decides its unit, range and rendering. */
  public enum Kind {
    MILLIS("milliseconds"),
    MICROS("microseconds"),
    BYTES("bytes"),
    PROBABILITY("probability"),
    KB_PER_SECOND("KB/s"),
    BYTES_PER_SECOND("bytes/s"),
    CHOICE("choice");

    final String unit;

    Kind(String unit) {
      this.unit = unit;
    }
  }

  /** One attribute of a toxic type. A null default means the attribute is required. */
  public static final class Attr {
    final String name;
    final Kind kind;
    final Object defaultValue;
    final List<String> choices;

    Attr(String name, Kind kind, Object defaultValue, String... choices) {
      this.name = name;
      this.kind = kind;
      this.defaultValue = defaultValue;
      this.choices = List.of(choices);
    }

    public String name() {
      return name;
    }

    public Kind kind() {
      return kind;
    }

    @Override
    public String toString() {
      return kind == Kind.CHOICE ? name + " (" + String.join("|", choices) + ")" : name + " (" + kind.unit + ")";
    }
  }

  public static final String INJECT = "inject";
  public static final String FLIP = "flip";

  private static final Map<ToxicType, List<Attr>> ATTRS = new EnumMap<>(ToxicType.class);

  static {
    ATTRS.put(ToxicType.LATENCY, List.of(new Attr("latency", Kind.MILLIS, 0L), new Attr("jitter", Kind.MILLIS, 0L)));
    ATTRS.put(ToxicType.BANDWIDTH, List.of(
        new Attr("rate", Kind.KB_PER_SECOND, 0L), new Attr("rate_bytes", Kind.BYTES_PER_SECOND, 0L)));
    ATTRS.put(ToxicType.SLICER, List.of(new Attr("average_size", Kind.BYTES, null),
        new Attr("size_variation", Kind.BYTES, 0L), new Attr("delay", Kind.MICROS, 0L)));
    ATTRS.put(ToxicType.CORRUPT, List.of(
        new Attr("probability", Kind.PROBABILITY, 0.0), new Attr("mode", Kind.CHOICE, INJECT, INJECT, FLIP)));
    ATTRS.put(ToxicType.TERMINATE, List.of(new Attr("probability", Kind.PROBABILITY, 0.0)));
    ATTRS.put(ToxicType.TIMEOUT, List.of(new Attr("timeout", Kind.MILLIS, 0L)));
    ATTRS.put(ToxicType.RESET_PEER, List.of(new Attr("timeout", Kind.MILLIS, 0L)));
    ATTRS.put(ToxicType.SLOW_CLOSE, List.of(new Attr("delay", Kind.MILLIS, 0L)));
    ATTRS.put(ToxicType.LIMIT_DATA, List.of(new Attr("bytes", Kind.BYTES, 0L)));
    ATTRS.put(ToxicType.SESSION_LIMIT, List.of(new Attr("duration", Kind.MILLIS, 0L)));
    ATTRS.put(ToxicType.STALL, List.of(
        new Attr("probability", Kind.PROBABILITY, 0.0), new Attr("duration", Kind.MILLIS, 0L)));
    ATTRS.put(ToxicType.SLOW_CONNECT, List.of(new Attr("delay", Kind.MILLIS, 0L)));
  }

  private ToxicSchema() {}

  /** The attributes {@code type} takes, in display order. */
  public static List<Attr> attributes(ToxicType type) {
    return ATTRS.get(type);
  }

  /**
   * Validates {@code raw} for {@code type} and returns a complete, ordered, immutable map with
   * defaults filled in. Integral values are {@code Long}, fractional ones {@code Double}.
   */
  public static Map<String, Object> normalize(ToxicType type, Map<String, ?> raw) {
    Map<String, ?> in = raw == null ? Map.of() : raw;
    List<Attr> attrs = ATTRS.get(type);
    for (String key : in.keySet()) {
      if (attrs.stream().noneMatch(a -> a.name.equals(key))) {
        throw new IllegalArgumentException(type.wireName() + " toxic has no attribute '" + key
            + "'; valid attributes: " + describe(type));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Attr a : attrs) {
      Object v = in.get(a.name);
      if (v == null) {
        if (a.defaultValue == null) {
          throw new IllegalArgumentException(type.wireName() + " toxic needs attribute '" + a.name
              + "' (" + a.kind.unit + "); valid attributes: " + describe(type));
        }
        v = a.defaultValue;
      }
      out.put(a.name, check(type, a, v));
    }
    crossCheck(type, in, out);
    return Collections.unmodifiableMap(out);
  }

  /** Merges {@code patch} over {@code current} (a partial update, as Toxiproxy's PATCH) and validates. */
  public static Map<String, Object> merge(ToxicType type, Map<String, Object> current, Map<String, ?> patch) {
    Map<String, Object> merged = new LinkedHashMap<>(current);
    if (type == ToxicType.BANDWIDTH && patch != null) {
      // rate and rate_bytes say the same thing in two units: the one patched wins.
      if (patch.containsKey("rate") && !patch.containsKey("rate_bytes")) merged.remove("rate_bytes");
      if (patch.containsKey("rate_bytes") && !patch.containsKey("rate")) merged.remove("rate");
    }
    if (patch != null) merged.putAll(patch);
    return normalize(type, merged);
  }

  /** {@code latency (milliseconds), jitter (milliseconds)}. */
  public static String describe(ToxicType type) {
    return ATTRS.get(type).stream().map(Attr::toString).collect(Collectors.joining(", "));
  }

  private static Object check(ToxicType type, Attr a, Object v) {
    String where = type.wireName() + " toxic: attribute '" + a.name + "'";
    if (a.kind == Kind.CHOICE) {
      if (!(v instanceof String) || !a.choices.contains(v)) {
        throw new IllegalArgumentException(where + " must be one of " + a.choices + ", was " + show(v));
      }
      return v;
    }
    if (!(v instanceof Number)) {
      throw new IllegalArgumentException(where + " must be a number (" + a.kind.unit + "), was " + show(v));
    }
    double d = ((Number) v).doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException(where + " must be a finite number, was " + show(v));
    }
    switch (a.kind) {
      case PROBABILITY:
        if (d < 0 || d > 1) {
          throw new IllegalArgumentException(where + " is a probability and must be between 0.0 and 1.0, was " + show(v));
        }
        return d;
      case BYTES:
      case BYTES_PER_SECOND:
        if (d < 0 || d != Math.rint(d) || d > (double) Integer.MAX_VALUE * 1024) {
          throw new IllegalArgumentException(where + " must be a whole number of " + a.kind.unit + " >= 0, was " + show(v));
        }
        return (long) d;
      default:
        if (d < 0) {
          throw new IllegalArgumentException(where + " must be >= 0 " + a.kind.unit + ", was " + show(v));
        }
        if (d > 1e12) {
          throw new IllegalArgumentException(where + " is too large (" + show(v) + " " + a.kind.unit + ")");
        }
        return d == Math.rint(d) ? (Object) (long) d : (Object) d;
    }
  }

  private static void crossCheck(ToxicType type, Map<String, ?> in, Map<String, Object> out) {
    switch (type) {
      case SLICER: {
        long avg = (Long) out.get("average_size");
        long var = (Long) out.get("size_variation");
        if (avg < 1) {
          throw new IllegalArgumentException("slicer toxic: attribute 'average_size' must be >= 1 byte, was " + avg);
        }
        if (var >= avg) {
          throw new IllegalArgumentException("slicer toxic: attribute 'size_variation' must be smaller than average_size ("
              + avg + "), was " + var);
        }
        break;
      }
      case BANDWIDTH: {
        boolean kb = in.containsKey("rate");
        boolean bytes = in.containsKey("rate_bytes");
        double rate = ((Number) out.get("rate")).doubleValue();
        long rateBytes = (Long) out.get("rate_bytes");
        if (kb && bytes && Math.round(rate * 1000) != rateBytes) {
          throw new IllegalArgumentException("bandwidth toxic: 'rate' (" + show(out.get("rate")) + " KB/s) and 'rate_bytes' ("
              + rateBytes + " bytes/s) disagree; give one of them");
        }
        if (bytes && !kb) {
          out.put("rate", rateBytes % 1000 == 0 ? (Object) (rateBytes / 1000) : (Object) (rateBytes / 1000.0));
        } else {
          out.put("rate_bytes", Math.round(rate * 1000));
        }
        break;
      }
      default:
        break;
    }
  }

  private static String show(Object v) {
    return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
  }

  // ---- typed reads of a normalized map ----

  /** A time attribute (ms or µs, per its kind) in nanoseconds. */
  public static long nanos(ToxicType type, Map<String, Object> attrs, String name) {
    double v = ((Number) attrs.get(name)).doubleValue();
    Attr a = ATTRS.get(type).stream().filter(x -> x.name.equals(name)).findFirst().orElseThrow();
    return Math.round(v * (a.kind == Kind.MICROS ? 1_000d : 1_000_000d));
  }

  public static long longValue(Map<String, Object> attrs, String name) {
    return ((Number) attrs.get(name)).longValue();
  }

  public static double doubleValue(Map<String, Object> attrs, String name) {
    return ((Number) attrs.get(name)).doubleValue();
  }

  /** Rendered attribute values for a time given in nanoseconds: whole ms as Long, else Double. */
  public static Object millis(long nanos) {
    return nanos % 1_000_000 == 0 ? (Object) (nanos / 1_000_000) : (Object) (nanos / 1e6);
  }

  static List<String> names(ToxicType type) {
    List<String> n = new ArrayList<>();
    for (Attr a : ATTRS.get(type)) n.add(a.name);
    return n;
  }
}
