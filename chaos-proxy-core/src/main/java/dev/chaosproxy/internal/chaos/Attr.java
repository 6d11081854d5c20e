package dev.chaosproxy.internal.chaos;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.Names;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One attribute of a toxic type: its name, unit, default and range, and typed reads of it. */
public final class Attr {
  /** What kind of value an attribute holds; decides its unit, range and rendering. */
  public enum Kind {
    MILLIS("milliseconds"),
    MICROS("microseconds"),
    BYTES("bytes"),
    PROBABILITY("probability"),
    KB_PER_SECOND("KB/s"),
    BYTES_PER_SECOND("bytes/s"),
    CHOICE("choice"),
    FLAG("true or false"),
    NAME("name"),
    TEXT("text"),
    COUNT("count"),
    STATUS("HTTP status"),
    HEADERS("header fields");

    final String unit;

    Kind(String unit) {
      this.unit = unit;
    }
  }

  private final String name;
  private final Kind kind;
  private final Object defaultValue;
  private final List<String> choices;
  private final boolean shownWhenDefault;

  private Attr(String name, Kind kind, Object defaultValue, String... choices) {
    this(name, kind, defaultValue, true, choices);
  }

  private Attr(
      String name, Kind kind, Object defaultValue, boolean shownWhenDefault, String... choices) {
    this.name = name;
    this.kind = kind;
    this.defaultValue = defaultValue;
    this.shownWhenDefault = shownWhenDefault;
    this.choices = List.of(choices);
  }

  /** A time in milliseconds, default 0. */
  public static Attr milliseconds(String name) {
    return new Attr(name, Kind.MILLIS, 0L);
  }

  /** A time in microseconds, default 0. */
  public static Attr microseconds(String name) {
    return new Attr(name, Kind.MICROS, 0L);
  }

  /** A byte count, default 0. */
  public static Attr bytes(String name) {
    return new Attr(name, Kind.BYTES, 0L);
  }

  /** A byte count that must be given. */
  public static Attr requiredBytes(String name) {
    return new Attr(name, Kind.BYTES, null);
  }

  /** A probability (0..1), default 0. */
  public static Attr probability(String name) {
    return new Attr(name, Kind.PROBABILITY, 0.0);
  }

  /** A rate in KB/s (1000 bytes, as Toxiproxy), default 0. */
  public static Attr kilobytesPerSecond(String name) {
    return new Attr(name, Kind.KB_PER_SECOND, 0L);
  }

  /** A rate in bytes/s, default 0. */
  public static Attr bytesPerSecond(String name) {
    return new Attr(name, Kind.BYTES_PER_SECOND, 0L);
  }

  /** One of {@code choices}; the first is the default. */
  public static Attr choice(String name, String... choices) {
    return new Attr(name, Kind.CHOICE, choices[0], choices);
  }

  /** A boolean, default false. */
  public static Attr flag(String name) {
    return new Attr(name, Kind.FLAG, false);
  }

  /**
   * A name under the rules of proxy and toxic names ({@link Names}); no default, so it is an {@link
   * #extension()}: left out unless given.
   */
  public static Attr name(String name) {
    return new Attr(name, Kind.NAME, null, false);
  }

  /** A string, default empty. */
  public static Attr text(String name) {
    return new Attr(name, Kind.TEXT, "");
  }

  /** A whole number of things (requests), default 0. */
  public static Attr count(String name) {
    return new Attr(name, Kind.COUNT, 0L);
  }

  /** An HTTP status code, 100..599, default 503. */
  public static Attr status(String name) {
    return new Attr(name, Kind.STATUS, 503L);
  }

  /**
   * Header fields: a map of name to value (a JSON object over REST), or text {@code "Name: value"}
   * with several separated by {@code ;} or new lines; default none.
   */
  public static Attr headers(String name) {
    return new Attr(name, Kind.HEADERS, Map.of());
  }

  /** The same attribute with {@code value} as its default. */
  public Attr defaultsTo(Object value) {
    return new Attr(name, kind, value, shownWhenDefault, choices.toArray(new String[0]));
  }

  /**
   * The same attribute, left out of a toxic's attributes unless given: an extension to a Toxiproxy
   * type, so that the type's attributes look exactly like Toxiproxy's when it is not used.
   */
  public Attr extension() {
    return new Attr(name, kind, defaultValue, false, choices.toArray(new String[0]));
  }

  /**
   * Whether a toxic lists this attribute when it has its default value (see {@link #extension()}).
   */
  public boolean shownWhenDefault() {
    return shownWhenDefault;
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /** The value taken when none is given, or null when the attribute is required. */
  public Object defaultValue() {
    return defaultValue;
  }

  /** The values a {@link Kind#CHOICE} takes; empty for the other kinds. */
  public List<String> choices() {
    return choices;
  }

  /** This attribute of {@code toxic}, a time, in nanoseconds. */
  public long nanos(Toxic toxic) {
    return Math.round(doubleValue(toxic) * (kind == Kind.MICROS ? 1_000d : 1_000_000d));
  }

  /** This attribute of {@code toxic}, a whole number. */
  public long longValue(Toxic toxic) {
    return ((Number) read(toxic)).longValue();
  }

  /** This attribute of {@code toxic}, a number. */
  public double doubleValue(Toxic toxic) {
    return ((Number) read(toxic)).doubleValue();
  }

  /** This attribute of {@code toxic}, a flag. */
  public boolean flag(Toxic toxic) {
    return (Boolean) read(toxic);
  }

  /** This attribute of {@code toxic}, header fields in order. */
  @SuppressWarnings("unchecked")
  public Map<String, String> headers(Toxic toxic) {
    return (Map<String, String>) read(toxic);
  }

  /** This attribute of {@code toxic}, a choice or a name (null when a name is not given). */
  public String string(Toxic toxic) {
    return (String) read(toxic);
  }

  private Object read(Toxic toxic) {
    Object v = toxic.attributes().get(name);
    if (v == null && !shownWhenDefault) return defaultValue; // an extension not given
    if (v == null)
      throw new IllegalArgumentException(
          toxic.type().wireName() + " toxic has no attribute '" + name + "'");
    return v;
  }

  /**
   * The raw attribute value for {@code value}: a {@link Duration} in this attribute's unit (whole
   * milliseconds as Long, else Double), a {@link DataSize} in bytes, anything else as given.
   */
  Object raw(Object value) {
    if (value instanceof DataSize) return ((DataSize) value).bytes();
    if (!(value instanceof Duration)) return value;
    Duration d = (Duration) value;
    if (kind == Kind.MICROS) return d.toNanos() / 1000.0;
    if (d.getNano() % 1_000_000 != 0) return d.toNanos() / 1e6;
    try {
      return Math.addExact(Math.multiplyExact(d.getSeconds(), 1000L), d.getNano() / 1_000_000);
    } catch (ArithmeticException tooLong) {
      return d.getSeconds() * 1000.0; // the range check calls it too large
    }
  }

  /** {@code v} checked against this attribute's kind and range, in its canonical form. */
  Object check(ToxicType type, Object v) {
    String where = type.wireName() + " toxic: attribute '" + name + "'";
    if (kind == Kind.CHOICE) {
      if (!(v instanceof String) || !choices.contains(v)) {
        throw new IllegalArgumentException(
            where + " must be one of " + choices + ", was " + show(v));
      }
      return v;
    }
    if (kind == Kind.FLAG) {
      if (!(v instanceof Boolean)) {
        throw new IllegalArgumentException(where + " must be true or false, was " + show(v));
      }
      return v;
    }
    if (kind == Kind.TEXT) {
      if (!(v instanceof String)) {
        throw new IllegalArgumentException(where + " must be a string, was " + show(v));
      }
      return v;
    }
    if (kind == Kind.HEADERS) return headerFields(where, v);
    if (kind == Kind.NAME) {
      if (!(v instanceof String) || !Names.valid((String) v)) {
        throw new IllegalArgumentException(where + " is " + Names.RULE + ", was " + show(v));
      }
      return v;
    }
    if (!(v instanceof Number)) {
      throw new IllegalArgumentException(
          where + " must be a number (" + kind.unit + "), was " + show(v));
    }
    double d = ((Number) v).doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException(where + " must be a finite number, was " + show(v));
    }
    switch (kind) {
      case PROBABILITY:
        if (d < 0 || d > 1) {
          throw new IllegalArgumentException(
              where + " is a probability and must be between 0.0 and 1.0, was " + show(v));
        }
        return d;
      case STATUS:
        if (d != Math.rint(d) || d < 100 || d > 599) {
          throw new IllegalArgumentException(
              where + " is an HTTP status code between 100 and 599, was " + show(v));
        }
        return (long) d;
      case COUNT:
        if (d < 0 || d != Math.rint(d) || d > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(
              where + " must be a whole number >= 0 (0: no limit), was " + show(v));
        }
        return (long) d;
      case BYTES:
      case BYTES_PER_SECOND:
        if (d < 0 || d != Math.rint(d) || d > (double) Integer.MAX_VALUE * 1024) {
          throw new IllegalArgumentException(
              where + " must be a whole number of " + kind.unit + " >= 0, was " + show(v));
        }
        return (long) d;
      default:
        if (d < 0) {
          throw new IllegalArgumentException(
              where + " must be >= 0 " + kind.unit + ", was " + show(v));
        }
        if (d > 1e12) {
          throw new IllegalArgumentException(
              where + " is too large (" + show(v) + " " + kind.unit + ")");
        }
        return d == Math.rint(d) ? (Object) (long) d : (Object) d;
    }
  }

  /** Header fields from a map or from {@code "A: 1; B: 2"} text, checked, in order. */
  private static Map<String, String> headerFields(String where, Object v) {
    Map<String, String> out = new LinkedHashMap<>();
    if (v instanceof String) {
      for (String line : ((String) v).split("[;\\n]", -1)) {
        if (line.isBlank()) continue;
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException(
              where + " is header fields \"Name: value\" separated by ';', was " + show(v));
        }
        put(where, out, line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    } else if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String) || !(e.getValue() instanceof String)) {
          throw new IllegalArgumentException(
              where + " maps header names to string values, was " + show(v));
        }
        put(where, out, ((String) e.getKey()).trim(), ((String) e.getValue()).trim());
      }
    } else {
      throw new IllegalArgumentException(
          where + " is header fields (an object of name to value), was " + show(v));
    }
    return Collections.unmodifiableMap(out);
  }

  private static void put(String where, Map<String, String> out, String name, String value) {
    if (!name.isEmpty() && !dev.chaosproxy.internal.http.HttpMatch.isToken(name)) {
      throw new IllegalArgumentException(
          where + ": \"" + name + "\" is not a header field name (letters, digits, - and _)");
    }
    if (name.isEmpty()) throw new IllegalArgumentException(where + ": a header field has no name");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException(
            where + ": the value of " + name + " may not hold CR, LF or NUL");
      }
    }
    out.put(name, value);
  }

  /** {@code "mode"} quoted as the messages show strings; other values as they print. */
  static String show(Object v) {
    return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
  }

  /** {@code latency (milliseconds)} or {@code mode (inject|flip)}. */
  @Override
  public String toString() {
    return kind == Kind.CHOICE
        ? name + " (" + String.join("|", choices) + ")"
        : name + " (" + kind.unit + ")";
  }
}
