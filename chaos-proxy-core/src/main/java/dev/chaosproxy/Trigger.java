package dev.chaosproxy;

import dev.chaosproxy.internal.chaos.TriggerSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * When a toxic acts. Until its trigger fires, a toxic does nothing; conditions combined with {@link
 * #and} must all hold. Three kinds:
 *
 * <ul>
 *   <li>which connections, decided when a connection is accepted: {@link #connections}, {@link
 *       #firstConnections}, {@link #everyNthConnection} (counted in accept order from the moment
 *       the toxic was added, 1-based), {@link #fromClient}, {@link #clientPorts};
 *   <li>where in the stream, on the toxic's direction, byte-exact across reads: {@link
 *       #afterBytes}, {@link #seen}, {@link #matches}; the toxic acts on the bytes after that point
 *       and never on those before;
 *   <li>when: {@link #after(Duration)} (since the connection opened), {@link #during} (a window
 *       since the toxic was added, after which it stops acting), and {@link #once} (the first
 *       connection it fires on keeps it; no other gets it).
 * </ul>
 *
 * Triggers compose with every toxic type and with toxicity, and the proxy's seed replays them.
 * Immutable; the same conditions over REST are the toxic's {@code trigger} object, with the keys of
 * {@link #conditions()}.
 */
public final class Trigger {
  private final Map<String, Object> conditions;

  private Trigger(Map<String, Object> conditions) {
    this.conditions = conditions;
  }

  /**
   * A trigger from its wire form (the keys of {@link #conditions()}, as REST takes them).
   *
   * @throws IllegalArgumentException naming the condition that is unknown or out of range
   */
  public static Trigger of(Map<String, ?> conditions) {
    return new Trigger(TriggerSpec.normalize(conditions));
  }

  /**
   * Connections number {@code from} to {@code to} (1-based, inclusive), counted in accept order.
   */
  public static Trigger connections(long from, long to) {
    return of(map(TriggerSpec.CONNECTIONS_FROM, from, TriggerSpec.CONNECTIONS_TO, to));
  }

  /** The first {@code count} connections accepted after the toxic was added. */
  public static Trigger firstConnections(long count) {
    if (count < 1) {
      throw new IllegalArgumentException(
          "firstConnections is a count of connections and must be >= 1, was " + count);
    }
    return connections(1, count);
  }

  /** Every {@code k}-th connection: number k, 2k, 3k... */
  public static Trigger everyNthConnection(long k) {
    return of(map(TriggerSpec.EVERY_NTH_CONNECTION, k));
  }

  /** Connections from {@code ipOrCidr}: an IP address ({@code 127.0.0.1}) or a CIDR block. */
  public static Trigger fromClient(String ipOrCidr) {
    return of(map(TriggerSpec.CLIENT, ipOrCidr));
  }

  /** Connections whose client port is between {@code from} and {@code to}, inclusive. */
  public static Trigger clientPorts(int from, int to) {
    return of(map(TriggerSpec.CLIENT_PORT_FROM, from, TriggerSpec.CLIENT_PORT_TO, to));
  }

  /** From byte {@code offset} of the toxic's direction on: the first {@code offset} bytes pass. */
  public static Trigger afterBytes(DataSize offset) {
    Objects.requireNonNull(offset, "offset");
    return of(map(TriggerSpec.AFTER_BYTES, offset.bytes()));
  }

  /** Once {@code text} (as UTF-8) has passed on the toxic's direction: it acts on what follows. */
  public static Trigger seen(String text) {
    return of(map(TriggerSpec.PATTERN, text));
  }

  /** Once {@code bytes} have passed on the toxic's direction: it acts on what follows. */
  public static Trigger seen(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return of(map(TriggerSpec.PATTERN_HEX, TriggerSpec.hex(bytes)));
  }

  /**
   * Once a match of {@code regex} has passed, looked for in the last 1 KiB of the stream (bytes as
   * ISO-8859-1 characters): it acts on what follows the match.
   */
  public static Trigger matches(String regex) {
    return of(map(TriggerSpec.REGEX, regex));
  }

  /** As {@link #matches(String)}, over the last {@code window} bytes (at most 64 KiB). */
  public static Trigger matches(String regex, DataSize window) {
    Objects.requireNonNull(window, "window");
    return of(map(TriggerSpec.REGEX, regex, TriggerSpec.REGEX_WINDOW, window.bytes()));
  }

  /** From {@code time} after the connection opened on. */
  public static Trigger after(Duration time) {
    return of(map(TriggerSpec.AFTER_MS, millis("after", time)));
  }

  /**
   * From {@code from} to {@code to} after the toxic was added; outside that window it does not act
   * (a toxic acting when the window ends stops, as if removed).
   */
  public static Trigger during(Duration from, Duration to) {
    return of(
        map(
            TriggerSpec.DURING_FROM_MS,
            millis("during's start", from),
            TriggerSpec.DURING_TO_MS,
            millis("during's end", to)));
  }

  /** For one connection only: the first one it fires on keeps it, the others never get it. */
  public static Trigger once() {
    return of(map(TriggerSpec.ONCE, true));
  }

  /**
   * A trigger that fires when this one and {@code other} both hold.
   *
   * @throws IllegalArgumentException if both set the same condition
   */
  public Trigger and(Trigger other) {
    Objects.requireNonNull(other, "other");
    Map<String, Object> all = new LinkedHashMap<>(conditions);
    for (Map.Entry<String, Object> e : other.conditions.entrySet()) {
      if (all.containsKey(e.getKey())) {
        throw new IllegalArgumentException(
            "the trigger already has condition '"
                + e.getKey()
                + "' ("
                + all.get(e.getKey())
                + "); give each condition once");
      }
      all.put(e.getKey(), e.getValue());
    }
    return of(all);
  }

  /**
   * The conditions in wire form, in a fixed order: {@code connections_from}, {@code
   * connections_to}, {@code every_nth_connection}, {@code client}, {@code client_port_from}, {@code
   * client_port_to}, {@code after_bytes}, {@code pattern}, {@code pattern_hex}, {@code regex},
   * {@code regex_window}, {@code after_ms}, {@code during_from_ms}, {@code during_to_ms}, {@code
   * once}; only those given.
   */
  public Map<String, Object> conditions() {
    return conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Trigger && ((Trigger) o).conditions.equals(conditions);
  }

  @Override
  public int hashCode() {
    return conditions.hashCode();
  }

  /** {@code trigger[connections 1..2, after_bytes=4096]}. */
  @Override
  public String toString() {
    return "trigger" + TriggerSpec.describe(conditions);
  }

  private static long millis(String what, Duration d) {
    if (d == null) throw new IllegalArgumentException(what + " must not be null");
    if (d.isNegative()) {
      throw new IllegalArgumentException(
          what + " must be >= 0, was " + dev.chaosproxy.internal.Durations.show(d));
    }
    return d.toMillis();
  }

  private static Map<String, Object> map(Object... keyThenValue) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyThenValue.length; i += 2)
      m.put((String) keyThenValue[i], keyThenValue[i + 1]);
    return m;
  }
}
