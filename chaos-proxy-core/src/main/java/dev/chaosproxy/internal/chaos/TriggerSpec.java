package dev.chaosproxy.internal.chaos;

import dev.chaosproxy.Trigger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@link Trigger}'s conditions, checked and compiled: the one place that knows their names, units
 * and ranges, and how each is decided on a connection or found in a stream.
 */
public final class TriggerSpec {
  public static final String CONNECTIONS_FROM = "connections_from";
  public static final String CONNECTIONS_TO = "connections_to";
  public static final String FIRST_CONNECTIONS = "first_connections";
  public static final String EVERY_NTH_CONNECTION = "every_nth_connection";
  public static final String CLIENT = "client";
  public static final String CLIENT_PORT_FROM = "client_port_from";
  public static final String CLIENT_PORT_TO = "client_port_to";
  public static final String AFTER_BYTES = "after_bytes";
  public static final String PATTERN = "pattern";
  public static final String PATTERN_HEX = "pattern_hex";
  public static final String REGEX = "regex";
  public static final String REGEX_WINDOW = "regex_window";
  public static final String AFTER_MS = "after_ms";
  public static final String DURING_FROM_MS = "during_from_ms";
  public static final String DURING_TO_MS = "during_to_ms";
  public static final String ONCE = "once";

  /** Every condition, in the order the wire form lists them, with what it takes. */
  private static final Map<String, String> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put(CONNECTIONS_FROM, "connection number, >= 1");
    KEYS.put(CONNECTIONS_TO, "connection number, >= connections_from");
    KEYS.put(FIRST_CONNECTIONS, "count, >= 1; input only, the same as connections 1..N");
    KEYS.put(EVERY_NTH_CONNECTION, "count, >= 1");
    KEYS.put(CLIENT, "IP address or CIDR block");
    KEYS.put(CLIENT_PORT_FROM, "port, 1..65535");
    KEYS.put(CLIENT_PORT_TO, "port, client_port_from..65535");
    KEYS.put(AFTER_BYTES, "bytes, >= 0");
    KEYS.put(PATTERN, "text, not empty, at most 4096 bytes as UTF-8");
    KEYS.put(PATTERN_HEX, "hex bytes, not empty, at most 4096 bytes");
    KEYS.put(REGEX, "Java regular expression, not empty");
    KEYS.put(REGEX_WINDOW, "bytes, 1..65536, default 1024");
    KEYS.put(AFTER_MS, "milliseconds since the connection opened, >= 0");
    KEYS.put(DURING_FROM_MS, "milliseconds since the toxic was added, >= 0");
    KEYS.put(DURING_TO_MS, "milliseconds since the toxic was added, > during_from_ms");
    KEYS.put(ONCE, "boolean");
  }

  static final int MAX_PATTERN = 4096;
  static final int MAX_WINDOW = 65536;
  static final int DEFAULT_WINDOW = 1024;

  private long connectionsFrom = 1;
  private long connectionsTo = Long.MAX_VALUE;
  private long everyNth = 1;
  private byte[] clientNet;
  private int clientPrefix;
  private int portFrom = 0;
  private int portTo = 65535;
  private long afterBytes = -1;
  private byte[] pattern;
  private Pattern regex;
  private int window = DEFAULT_WINDOW;
  private long afterNanos = -1;
  private long duringFromNanos = -1;
  private long duringToNanos = -1;
  private boolean once;
  private boolean byConnection;

  private TriggerSpec() {}

  /**
   * Checks {@code raw} and returns its canonical, ordered, immutable form (integral numbers as
   * {@code Long}; {@code first_connections} becomes {@code connections_from}/{@code _to}).
   */
  public static Map<String, Object> normalize(Map<String, ?> raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException(
          "a trigger needs at least one condition; conditions: "
              + String.join(", ", KEYS.keySet()));
    }
    for (String key : raw.keySet()) {
      if (!KEYS.containsKey(key)) {
        throw new IllegalArgumentException(
            "a trigger has no condition '" + key + "'; conditions: " + describeKeys());
      }
    }
    Map<String, Object> in = new LinkedHashMap<>(raw);
    Object first = in.remove(FIRST_CONNECTIONS);
    if (first != null) {
      if (in.containsKey(CONNECTIONS_FROM) || in.containsKey(CONNECTIONS_TO)) {
        throw new IllegalArgumentException(
            "trigger: give first_connections or connections_from/connections_to, not both");
      }
      long n = count(FIRST_CONNECTIONS, first, 1);
      in.put(CONNECTIONS_FROM, 1L);
      in.put(CONNECTIONS_TO, n);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : KEYS.keySet()) {
      if (in.containsKey(key)) out.put(key, in.get(key));
    }
    compileChecked(out); // validates and puts canonical values back
    return Collections.unmodifiableMap(out);
  }

  /** The compiled form of a trigger. */
  public static TriggerSpec of(Trigger trigger) {
    return compileChecked(new LinkedHashMap<>(trigger.conditions()));
  }

  private static TriggerSpec compileChecked(Map<String, Object> m) {
    TriggerSpec s = new TriggerSpec();
    if (m.containsKey(CONNECTIONS_FROM) || m.containsKey(CONNECTIONS_TO)) {
      s.connectionsFrom =
          m.containsKey(CONNECTIONS_FROM) ? count(CONNECTIONS_FROM, m.get(CONNECTIONS_FROM), 1) : 1;
      s.connectionsTo =
          m.containsKey(CONNECTIONS_TO)
              ? count(CONNECTIONS_TO, m.get(CONNECTIONS_TO), 1)
              : Long.MAX_VALUE;
      if (s.connectionsTo < s.connectionsFrom) {
        throw new IllegalArgumentException(
            "trigger: connections_to ("
                + s.connectionsTo
                + ") must be >= connections_from ("
                + s.connectionsFrom
                + ")");
      }
      put(m, CONNECTIONS_FROM, s.connectionsFrom);
      if (s.connectionsTo != Long.MAX_VALUE) put(m, CONNECTIONS_TO, s.connectionsTo);
      s.byConnection = true;
    }
    if (m.containsKey(EVERY_NTH_CONNECTION)) {
      s.everyNth = count(EVERY_NTH_CONNECTION, m.get(EVERY_NTH_CONNECTION), 1);
      put(m, EVERY_NTH_CONNECTION, s.everyNth);
      s.byConnection = true;
    }
    if (m.containsKey(CLIENT)) {
      s.parseClient(text(CLIENT, m.get(CLIENT)));
      s.byConnection = true;
    }
    if (m.containsKey(CLIENT_PORT_FROM) || m.containsKey(CLIENT_PORT_TO)) {
      s.portFrom =
          m.containsKey(CLIENT_PORT_FROM) ? port(CLIENT_PORT_FROM, m.get(CLIENT_PORT_FROM)) : 1;
      s.portTo =
          m.containsKey(CLIENT_PORT_TO) ? port(CLIENT_PORT_TO, m.get(CLIENT_PORT_TO)) : 65535;
      if (s.portTo < s.portFrom) {
        throw new IllegalArgumentException(
            "trigger: client_port_to ("
                + s.portTo
                + ") must be >= client_port_from ("
                + s.portFrom
                + ")");
      }
      if (m.containsKey(CLIENT_PORT_FROM)) put(m, CLIENT_PORT_FROM, (long) s.portFrom);
      if (m.containsKey(CLIENT_PORT_TO)) put(m, CLIENT_PORT_TO, (long) s.portTo);
      s.byConnection = true;
    }
    if (m.containsKey(AFTER_BYTES)) {
      s.afterBytes = count(AFTER_BYTES, m.get(AFTER_BYTES), 0);
      put(m, AFTER_BYTES, s.afterBytes);
    }
    if (m.containsKey(PATTERN) && m.containsKey(PATTERN_HEX)) {
      throw new IllegalArgumentException("trigger: give pattern or pattern_hex, not both");
    }
    if (m.containsKey(PATTERN)) {
      s.pattern = text(PATTERN, m.get(PATTERN)).getBytes(StandardCharsets.UTF_8);
      checkPattern(PATTERN, s.pattern);
    }
    if (m.containsKey(PATTERN_HEX)) {
      String h = text(PATTERN_HEX, m.get(PATTERN_HEX));
      s.pattern = unhex(h);
      checkPattern(PATTERN_HEX, s.pattern);
      put(m, PATTERN_HEX, hex(s.pattern));
    }
    if (m.containsKey(REGEX_WINDOW) && !m.containsKey(REGEX)) {
      throw new IllegalArgumentException("trigger: regex_window is only for a regex condition");
    }
    if (m.containsKey(REGEX)) {
      String r = text(REGEX, m.get(REGEX));
      if (r.isEmpty()) {
        throw new IllegalArgumentException("trigger: regex must not be empty");
      }
      try {
        s.regex = Pattern.compile(r);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "trigger: regex does not compile: "
                + e.getDescription()
                + " near index "
                + e.getIndex()
                + " of "
                + r);
      }
      if (s.regex.matcher("").matches()) {
        throw new IllegalArgumentException(
            "trigger: regex '" + r + "' matches the empty text, so it would fire before any byte");
      }
      if (m.containsKey(REGEX_WINDOW)) {
        long w = count(REGEX_WINDOW, m.get(REGEX_WINDOW), 1);
        if (w > MAX_WINDOW) {
          throw new IllegalArgumentException(
              "trigger: regex_window is at most " + MAX_WINDOW + " bytes, was " + w);
        }
        s.window = (int) w;
        put(m, REGEX_WINDOW, w);
      }
    }
    if (m.containsKey(AFTER_MS)) {
      long ms = count(AFTER_MS, m.get(AFTER_MS), 0);
      s.afterNanos = ms * 1_000_000L;
      put(m, AFTER_MS, ms);
    }
    if (m.containsKey(DURING_FROM_MS) || m.containsKey(DURING_TO_MS)) {
      long from =
          m.containsKey(DURING_FROM_MS) ? count(DURING_FROM_MS, m.get(DURING_FROM_MS), 0) : 0;
      put(m, DURING_FROM_MS, from);
      s.duringFromNanos = from * 1_000_000L;
      if (m.containsKey(DURING_TO_MS)) {
        long to = count(DURING_TO_MS, m.get(DURING_TO_MS), 0);
        if (to <= from) {
          throw new IllegalArgumentException(
              "trigger: during_to_ms (" + to + ") must be > during_from_ms (" + from + ")");
        }
        put(m, DURING_TO_MS, to);
        s.duringToNanos = to * 1_000_000L;
      }
    }
    if (m.containsKey(ONCE)) {
      Object v = m.get(ONCE);
      if (!(v instanceof Boolean)) {
        throw new IllegalArgumentException(
            "trigger: once must be true or false, was " + Attr.show(v));
      }
      s.once = (Boolean) v;
    }
    return s;
  }

  private static void put(Map<String, Object> m, String key, Object v) {
    m.put(key, v);
  }

  private static void checkPattern(String key, byte[] p) {
    if (p.length == 0) throw new IllegalArgumentException("trigger: " + key + " must not be empty");
    if (p.length > MAX_PATTERN) {
      throw new IllegalArgumentException(
          "trigger: " + key + " is at most " + MAX_PATTERN + " bytes, was " + p.length);
    }
  }

  private void parseClient(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String host = slash < 0 ? t : t.substring(0, slash);
    byte[] addr = literal(host);
    if (addr == null) {
      throw new IllegalArgumentException(
          "trigger: client must be an IP address or a CIDR block such as 10.0.0.0/8 or ::1/128, was '"
              + text
              + "'");
    }
    int prefix = addr.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > addr.length * 8) {
        throw new IllegalArgumentException(
            "trigger: the prefix length of client '"
                + text
                + "' must be 0.."
                + addr.length * 8
                + " for an IPv"
                + (addr.length == 4 ? 4 : 6)
                + " address");
      }
    }
    clientNet = addr;
    clientPrefix = prefix;
  }

  /** The bytes of an IP literal, or null when {@code host} is not one (no lookup is made). */
  private static byte[] literal(String host) {
    if (host.isEmpty()) return null;
    boolean v4 = host.matches("[0-9.]+");
    boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) return null;
    try {
      return InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static long count(String key, Object v, long min) {
    double d = v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
    if (d != Math.rint(d) || d < min || d > 9e15) {
      throw new IllegalArgumentException(
          "trigger: "
              + key
              + " must be a whole number ("
              + KEYS.get(key)
              + "), was "
              + Attr.show(v));
    }
    return (long) d;
  }

  private static int port(String key, Object v) {
    long p = count(key, v, 1);
    if (p > 65535) {
      throw new IllegalArgumentException("trigger: " + key + " must be a port, 1..65535, was " + p);
    }
    return (int) p;
  }

  private static String text(String key, Object v) {
    if (!(v instanceof String)) {
      throw new IllegalArgumentException(
          "trigger: " + key + " must be a string (" + KEYS.get(key) + "), was " + Attr.show(v));
    }
    return (String) v;
  }

  /** {@code 434f4d4d4954}. */
  public static String hex(byte[] bytes) {
    StringBuilder b = new StringBuilder(bytes.length * 2);
    for (byte x : bytes)
      b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
    return b.toString();
  }

  private static byte[] unhex(String h) {
    String s = h.replace(" ", "");
    if (s.length() % 2 != 0 || !s.matches("[0-9A-Fa-f]*")) {
      throw new IllegalArgumentException(
          "trigger: pattern_hex must be pairs of hex digits such as 0d0a, was '" + h + "'");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++)
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    return out;
  }

  private static String describeKeys() {
    List<String> out = new ArrayList<>();
    KEYS.forEach((k, what) -> out.add(k + " (" + what + ")"));
    return String.join(", ", out);
  }

  /** {@code [connections 1..2, after_bytes=4096]}. */
  public static String describe(Map<String, Object> conditions) {
    List<String> parts = new ArrayList<>();
    conditions.forEach((k, v) -> parts.add(k + "=" + (v instanceof String ? "\"" + v + "\"" : v)));
    return "[" + String.join(", ", parts) + "]";
  }

  /** Refuses a trigger {@code type} cannot wait for. */
  public static void checkFor(dev.chaosproxy.ToxicType type, Trigger trigger) {
    TriggerSpec s = of(trigger);
    boolean whole =
        type == dev.chaosproxy.ToxicType.SLOW_CONNECT
            || type == dev.chaosproxy.ToxicType.SESSION_LIMIT;
    if (type.isHttp() && s.inStream()) {
      throw new IllegalArgumentException(
          type.wireName()
              + " acts on HTTP requests, which its attributes pick (method, path, header, first),"
              + " so its trigger can choose connections and times (connections, client, after_ms,"
              + " during, once) but not a point in the stream");
    }
    if (whole && (s.inStream() || s.afterNanos >= 0)) {
      throw new IllegalArgumentException(
          type.wireName()
              + " acts on the whole connection from its start, so its trigger can only choose"
              + " connections (connections, every_nth_connection, client, client ports, once,"
              + " during), not "
              + (s.inStream() ? "a point in the stream" : "after_ms"));
    }
  }

  // ---- deciding ----

  /** Whether it decides per connection (which connections), so it needs the accept order. */
  public boolean byConnection() {
    return byConnection;
  }

  /** Whether it waits for a point in the stream (offset, pattern or regex). */
  public boolean inStream() {
    return afterBytes >= 0 || pattern != null || regex != null;
  }

  public boolean once() {
    return once;
  }

  /** Nanoseconds after the connection opened from which it acts, or -1. */
  public long afterNanos() {
    return afterNanos;
  }

  /** Start of its window in nanoseconds after the toxic was added, or -1 with no window. */
  public long duringFromNanos() {
    return duringFromNanos;
  }

  /** End of its window in nanoseconds after the toxic was added, or -1 when it has no end. */
  public long duringToNanos() {
    return duringToNanos;
  }

  /**
   * Whether connection number {@code number} (1-based, since the toxic was added) from {@code
   * client} is one it is for.
   */
  public boolean matchesConnection(long number, InetSocketAddress client) {
    if (number < connectionsFrom || number > connectionsTo) return false;
    if (everyNth > 1 && number % everyNth != 0) return false;
    if (client != null && (client.getPort() < portFrom || client.getPort() > portTo)) return false;
    if (clientNet != null) {
      if (client == null || client.getAddress() == null) return false;
      byte[] a = client.getAddress().getAddress();
      if (a.length != clientNet.length) a = mapped(a, clientNet.length);
      if (a == null) return false;
      int full = clientPrefix / 8;
      for (int i = 0; i < full; i++) if (a[i] != clientNet[i]) return false;
      int rest = clientPrefix % 8;
      if (rest > 0) {
        int mask = (0xff << (8 - rest)) & 0xff;
        if ((a[full] & mask) != (clientNet[full] & mask)) return false;
      }
    }
    return true;
  }

  /** An IPv4 address in IPv4-mapped IPv6 form or back, or null. */
  private static byte[] mapped(byte[] a, int length) {
    if (a.length == 16 && length == 4) {
      for (int i = 0; i < 10; i++) if (a[i] != 0) return null;
      if (a[10] != (byte) 0xff || a[11] != (byte) 0xff) return null;
      return new byte[] {a[12], a[13], a[14], a[15]};
    }
    if (a.length == 4 && length == 16) {
      byte[] m = new byte[16];
      m[10] = (byte) 0xff;
      m[11] = (byte) 0xff;
      System.arraycopy(a, 0, m, 12, 4);
      return m;
    }
    return null;
  }

  /** Finds where it fires in one flow's bytes, keeping state across reads. */
  public Scanner scanner(long alreadyRead) {
    return new Scanner(alreadyRead);
  }

  /** One flow's progress towards the trigger's point in the stream. Loop thread only. */
  public final class Scanner {
    private long seen;
    private boolean offsetReached;
    private boolean patternSeen;
    private int matched; // bytes of the pattern matched so far (KMP state)
    private final int[] failure;
    private String tail = "";

    Scanner(long alreadyRead) {
      seen = alreadyRead;
      offsetReached = afterBytes < 0 || alreadyRead >= afterBytes;
      patternSeen = pattern == null && regex == null;
      failure = pattern == null ? null : failure(pattern);
    }

    /** Whether it fired before any byte it was shown: nothing more to scan. */
    public boolean fired() {
      return offsetReached && patternSeen;
    }

    /**
     * Scans {@code data[from, to)}; returns the index of the first byte the toxic acts on (from
     * {@code from} to {@code to}), or -1 when it has not fired within them.
     */
    public int scan(byte[] data, int from, int to) {
      int offsetAt = from;
      if (!offsetReached) {
        long need = afterBytes - seen;
        if (need <= to - from) {
          offsetReached = true;
          offsetAt = from + (int) need;
        } else {
          offsetAt = -1;
        }
      }
      int patternAt = from;
      if (!patternSeen) {
        patternAt = pattern != null ? findPattern(data, from, to) : findRegex(data, from, to);
        if (patternAt >= 0) patternSeen = true;
      }
      seen += to - from;
      if (offsetAt < 0 || patternAt < 0) return -1;
      return Math.max(offsetAt, patternAt);
    }

    private int findPattern(byte[] data, int from, int to) {
      int q = matched;
      for (int i = from; i < to; i++) {
        while (q > 0 && data[i] != pattern[q]) q = failure[q - 1];
        if (data[i] == pattern[q]) q++;
        if (q == pattern.length) {
          matched = 0;
          return i + 1;
        }
      }
      matched = q;
      return -1;
    }

    private int findRegex(byte[] data, int from, int to) {
      if (regexGaveUp) return -1;
      String chunk = new String(data, from, to - from, StandardCharsets.ISO_8859_1);
      String text = tail + chunk;
      Matcher m = regex.matcher(new Bounded(text, (long) REGEX_STEPS_PER_CHAR * text.length()));
      try {
        if (m.find()) {
          return from + Math.max(0, m.end() - tail.length());
        }
      } catch (Bounded.TooCostly e) {
        // A regex that backtracks without end would hold the event loop: this trigger gives up
        // (never fires) and the proxy goes on.
        regexGaveUp = true;
        org.slf4j.LoggerFactory.getLogger(TriggerSpec.class)
            .warn(
                "trigger regex '{}' took over {} steps per byte and was given up; its toxic will"
                    + " not fire on this connection",
                regex.pattern(),
                REGEX_STEPS_PER_CHAR);
        return -1;
      }
      tail = text.length() <= window ? text : text.substring(text.length() - window);
      return -1;
    }

    private boolean regexGaveUp;
  }

  /** Character reads a regex may make per character of its text before it is given up. */
  static final int REGEX_STEPS_PER_CHAR = 1000;

  /** Text that counts the reads a regex makes of it and stops it past a budget. */
  static final class Bounded implements CharSequence {
    static final class TooCostly extends RuntimeException {
      TooCostly() {
        super(null, null, false, false);
      }
    }

    private final String text;
    private long left;

    Bounded(String text, long budget) {
      this.text = text;
      this.left = budget;
    }

    @Override
    public char charAt(int index) {
      if (--left < 0) throw new TooCostly();
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static int[] failure(byte[] p) {
    int[] f = new int[p.length];
    int k = 0;
    for (int i = 1; i < p.length; i++) {
      while (k > 0 && p[i] != p[k]) k = f[k - 1];
      if (p[i] == p[k]) k++;
      f[i] = k;
    }
    return f;
  }
}
