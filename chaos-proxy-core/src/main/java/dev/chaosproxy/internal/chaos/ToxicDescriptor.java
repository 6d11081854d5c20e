package dev.chaosproxy.internal.chaos;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.toxics.Bandwidth;
import dev.chaosproxy.internal.chaos.toxics.Corrupt;
import dev.chaosproxy.internal.chaos.toxics.HttpAbort;
import dev.chaosproxy.internal.chaos.toxics.HttpCorrupt;
import dev.chaosproxy.internal.chaos.toxics.HttpDelay;
import dev.chaosproxy.internal.chaos.toxics.HttpHeader;
import dev.chaosproxy.internal.chaos.toxics.HttpRespond;
import dev.chaosproxy.internal.chaos.toxics.HttpThrottle;
import dev.chaosproxy.internal.chaos.toxics.Latency;
import dev.chaosproxy.internal.chaos.toxics.LimitData;
import dev.chaosproxy.internal.chaos.toxics.PacketLoss;
import dev.chaosproxy.internal.chaos.toxics.ResetPeer;
import dev.chaosproxy.internal.chaos.toxics.SessionLimit;
import dev.chaosproxy.internal.chaos.toxics.Slicer;
import dev.chaosproxy.internal.chaos.toxics.SlowClose;
import dev.chaosproxy.internal.chaos.toxics.SlowConnect;
import dev.chaosproxy.internal.chaos.toxics.Stall;
import dev.chaosproxy.internal.chaos.toxics.Terminate;
import dev.chaosproxy.internal.chaos.toxics.Timeout;
import dev.chaosproxy.internal.relay.Effect;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What one {@link ToxicType} is: its attributes (names, units, defaults, ranges), the checks across
 * them, and the effect that makes it act on a flow. One subclass per type lives in {@code
 * internal/chaos/toxics}, named after the type; {@link #of} finds it.
 */
public abstract class ToxicDescriptor {
  private final ToxicType type;
  private final Effect.Factory effect;
  private final List<Attr> attributes;

  protected ToxicDescriptor(ToxicType type, Effect.Factory effect, Attr... attributes) {
    this.type = Objects.requireNonNull(type, "type");
    this.effect = Objects.requireNonNull(effect, "effect");
    this.attributes = List.of(attributes);
  }

  /** The descriptor of {@code type}. */
  public static ToxicDescriptor of(ToxicType type) {
    return Registry.ALL.get(type);
  }

  /**
   * One descriptor per type, made on first use (a holder, so that a descriptor's own statics are
   * set first).
   */
  private static final class Registry {
    static final Map<ToxicType, ToxicDescriptor> ALL = new EnumMap<>(ToxicType.class);

    static {
      for (ToxicType type : ToxicType.values()) ALL.put(type, create(type));
    }

    private static ToxicDescriptor create(ToxicType type) {
      return switch (type) { // a switch expression: a type without a line here does not compile
        case LATENCY -> new Latency();
        case BANDWIDTH -> new Bandwidth();
        case SLICER -> new Slicer();
        case CORRUPT -> new Corrupt();
        case TERMINATE -> new Terminate();
        case TIMEOUT -> new Timeout();
        case RESET_PEER -> new ResetPeer();
        case SLOW_CLOSE -> new SlowClose();
        case LIMIT_DATA -> new LimitData();
        case SESSION_LIMIT -> new SessionLimit();
        case STALL -> new Stall();
        case SLOW_CONNECT -> new SlowConnect();
        case PACKET_LOSS -> new PacketLoss();
        case HTTP_RESPOND -> new HttpRespond();
        case HTTP_DELAY -> new HttpDelay();
        case HTTP_ABORT -> new HttpAbort();
        case HTTP_THROTTLE -> new HttpThrottle();
        case HTTP_CORRUPT -> new HttpCorrupt();
        case HTTP_HEADER -> new HttpHeader();
      };
    }
  }

  public final ToxicType type() {
    return type;
  }

  /** Makes the effect of a toxic of this type on one flow. */
  public final Effect.Factory effect() {
    return effect;
  }

  /** The attributes this type takes, in display order. */
  public final List<Attr> attributes() {
    return attributes;
  }

  /**
   * Validates {@code raw} and returns a complete, ordered, immutable map with defaults filled in.
   * Integral values are {@code Long}, fractional ones {@code Double}.
   */
  public final Map<String, Object> normalize(Map<String, ?> raw) {
    Map<String, ?> in = raw == null ? Map.of() : raw;
    for (String key : in.keySet()) {
      if (attributes.stream().noneMatch(a -> a.name().equals(key))) {
        throw new IllegalArgumentException(
            type.wireName()
                + " toxic has no attribute '"
                + key
                + "'; valid attributes: "
                + describe());
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Attr a : attributes) {
      Object v = in.get(a.name());
      if (v == null && !a.shownWhenDefault()) continue; // an extension left at its default
      if (v == null) {
        if (a.defaultValue() == null) {
          throw new IllegalArgumentException(
              type.wireName()
                  + " toxic needs attribute '"
                  + a.name()
                  + "' ("
                  + a.kind().unit
                  + "); valid attributes: "
                  + describe());
        }
        v = a.defaultValue();
      }
      out.put(a.name(), a.check(type, v));
    }
    crossCheck(in, out);
    return Collections.unmodifiableMap(out);
  }

  /**
   * Merges {@code patch} over {@code current} (a partial update, as Toxiproxy's PATCH) and
   * validates.
   */
  public final Map<String, Object> merge(Map<String, Object> current, Map<String, ?> patch) {
    Map<String, Object> merged = new LinkedHashMap<>(current);
    if (patch != null) {
      beforeMerge(merged, patch);
      merged.putAll(patch);
    }
    return normalize(merged);
  }

  /** {@code latency (milliseconds), jitter (milliseconds)}. */
  public final String describe() {
    return attributes.stream().map(Attr::toString).collect(Collectors.joining(", "));
  }

  /**
   * Checks the attributes against each other once each is valid alone, and may complete {@code
   * out}; {@code given} is what the caller gave.
   */
  protected void crossCheck(Map<String, ?> given, Map<String, Object> out) {}

  /** Adjusts {@code current} before {@code patch} is merged over it. */
  protected void beforeMerge(Map<String, Object> current, Map<String, ?> patch) {}

  /**
   * Raw attributes from pairs of {@link Attr} and value, as the vocabulary's calls give them; a
   * {@code Duration} or {@code DataSize} is put in the attribute's unit.
   */
  public static Map<String, Object> values(Object... attrThenValue) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < attrThenValue.length; i += 2) {
      Attr a = (Attr) attrThenValue[i];
      m.put(a.name(), a.raw(attrThenValue[i + 1]));
    }
    return m;
  }

  /** {@code v} as the messages show values. */
  protected static String show(Object v) {
    return Attr.show(v);
  }

  @Override
  public String toString() {
    return type.wireName() + "(" + describe() + ")";
  }
}
