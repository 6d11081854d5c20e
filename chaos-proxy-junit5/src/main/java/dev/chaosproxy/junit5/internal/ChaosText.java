package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Distribution;
import dev.chaosproxy.Schedule;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.Trigger;
import dev.chaosproxy.internal.ToxicList;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the chaos of {@code @ChaosProxy(chaos = ...)}: one fault per string, in the words of
 * {@link dev.chaosproxy.Chaos}, into the toxics the same Java calls would make.
 */
public final class ChaosText {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|µs|ms|s|m)");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

  /** The words that may stand before a fault's name, with how many values each takes. */
  private static final Map<String, Integer> PREFIXES =
      Map.ofEntries(
          Map.entry("upstream", 0),
          Map.entry("downstream", 0),
          Map.entry("toxicity", 1),
          Map.entry("first", 1),
          Map.entry("connections", 1),
          Map.entry("every", 1),
          Map.entry("client", 1),
          Map.entry("ports", 1),
          Map.entry("after", 1),
          Map.entry("seen", 1),
          Map.entry("matching", 1),
          Map.entry("during", 1),
          Map.entry("once", 0));

  private static final String GRAMMAR =
      "[upstream|downstream] [toxicity FRACTION] [TRIGGER...] FAULT ARGUMENTS";
  private static final String TRIGGERS =
      "first N, connections N..M, every N, client IP|CIDR, ports A..B, after SIZE|DURATION,"
          + " seen TEXT, matching REGEX, during DURATION..DURATION, once";
  private static final Pattern RANGE = Pattern.compile("(\\S+?)\\.\\.(\\S+)");
  private static final String FAULTS =
      "delay, throttle, slice, corrupt, flipBits, terminate, stall, packetLoss, timeout, "
          + "blackhole, resetPeer, slowClose, limitData, sessionLimit, slowConnect, refuse, down, schedule,"
          + " http";

  /**
   * The toxics, in order (a later fault of the same kind and direction replaces an earlier one),
   * and whether the proxy starts down.
   */
  public static final class Parsed {
    public final List<Toxic> toxics;
    public final boolean down;

    /** The schedules ({@code schedule ...}), started in this order. */
    public final List<Schedule> schedules;

    Parsed(List<Toxic> toxics, boolean down, List<Schedule> schedules) {
      this.toxics = List.copyOf(toxics);
      this.down = down;
      this.schedules = List.copyOf(schedules);
    }
  }

  private ChaosText() {}

  /**
   * Parses {@code faults}.
   *
   * @throws IllegalArgumentException naming the fault, what is wrong with it and what is valid
   */
  public static Parsed parse(String... faults) {
    Map<String, Toxic> byName = new LinkedHashMap<>();
    Map<String, Schedule> schedules = new LinkedHashMap<>();
    boolean down = false;
    for (String fault : faults) {
      if (fault == null || fault.isBlank())
        throw new IllegalArgumentException("a chaos entry is empty; faults: " + FAULTS);
      try {
        if (ScheduleText.isSchedule(fault.trim())) {
          String name = schedules.isEmpty() ? "schedule" : "schedule-" + (schedules.size() + 1);
          Schedule s = ScheduleText.parse(fault, name);
          if (schedules.putIfAbsent(s.name(), s) != null) {
            throw new IllegalArgumentException(
                "two schedules are named '" + s.name() + "'; name one: schedule name NAME ...");
          }
          continue;
        }
        List<Toxic> toxics = parseOne(fault.trim(), byName.values());
        if (toxics == null) {
          down = true;
        } else {
          for (Toxic t : toxics) {
            byName.remove(t.name()); // the later one wins, in the later position
            byName.put(t.name(), t);
          }
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("chaos \"" + fault + "\": " + e.getMessage(), e);
      }
    }
    return new Parsed(new ArrayList<>(byName.values()), down, new ArrayList<>(schedules.values()));
  }

  /**
   * The toxics one fault (not a schedule) makes, or null for {@code down}; for a schedule's step.
   */
  static List<Toxic> toxicsOf(String fault) {
    return parseOne(fault, List.of());
  }

  /**
   * The toxics for one fault, or null for {@code down}; an HTTP fault is placed among {@code
   * before} as the Java call places it (another route of the same type gets a numbered name).
   */
  private static List<Toxic> parseOne(String fault, java.util.Collection<Toxic> before) {
    Tokens in = new Tokens(words(fault));
    Direction direction = null; // both
    Double toxicity = null;
    Trigger trigger = null;
    while (in.more()) {
      String w = in.peek().toLowerCase(Locale.ROOT);
      if (!in.quoted()
          && PREFIXES.containsKey(w)
          && !w.equals("upstream")
          && !w.equals("downstream")
          && !w.equals("toxicity")) {
        in.next();
        Trigger t = trigger(w, in);
        if (trigger != null
            && trigger.conditions().keySet().stream().anyMatch(t.conditions()::containsKey)) {
          throw new IllegalArgumentException("the trigger '" + w + "' is given twice");
        }
        trigger = trigger == null ? t : trigger.and(t);
      } else if (w.equals("upstream") || w.equals("downstream")) {
        if (direction != null) throw new IllegalArgumentException("the direction is given twice");
        direction = Direction.parse(in.next());
      } else if (w.equals("toxicity")) {
        if (toxicity != null) throw new IllegalArgumentException("toxicity is given twice");
        in.next();
        toxicity = fraction("toxicity", in.required("toxicity FRACTION (0..1 or a percentage)"));
      } else {
        break;
      }
    }
    if (!in.more()) throw new IllegalArgumentException("no fault named; faults: " + FAULTS);
    String verb = in.next();
    if (verb.equalsIgnoreCase("http")) {
      if (direction != null) throw HttpText.noDirection(direction);
      ToxicList all = new ToxicList();
      for (Toxic t : before) all.put(t);
      ToxicList view = toxicity == null ? all : all.toxicity(toxicity);
      HttpText.parse(in, trigger == null ? view : view.when(trigger));
      List<Toxic> made = new ArrayList<>(all.toxics());
      made.removeAll(before);
      return made;
    }
    in.prefixesBefore();
    ToxicList all = new ToxicList();
    ToxicList chaos =
        direction == null
            ? all
            : direction == Direction.UPSTREAM ? all.upstream() : all.downstream();
    if (toxicity != null) chaos = chaos.toxicity(toxicity);
    if (trigger != null) chaos = chaos.when(trigger);
    switch (canonical(verb)) {
      case "delay":
        {
          String usage =
              "delay LATENCY [jitter JITTER] [distribution uniform|normal|lognormal|pareto] [max DURATION],"
                  + " like delay 250ms jitter 50ms or delay 100ms jitter 50ms distribution pareto max 2s";
          Duration latency = duration("latency", in.required(usage));
          Duration jitter =
              in.keyword("jitter") ? duration("jitter", in.required(usage)) : Duration.ZERO;
          Distribution distribution =
              in.keyword("distribution") ? Distribution.parse(in.required(usage)) : null;
          Duration max = in.keyword("max") ? duration("max", in.required(usage)) : null;
          in.end(usage);
          if (max != null) {
            chaos.delay(
                latency, jitter, distribution == null ? Distribution.UNIFORM : distribution, max);
          } else if (distribution != null) {
            chaos.delay(latency, jitter, distribution);
          } else {
            chaos.delay(latency, jitter);
          }
          break;
        }
      case "throttle":
        {
          String usage =
              "throttle RATE, like throttle 10KiB/s (B, KB, MB, KiB or MiB per second); one rate"
                  + " for all the proxy's connections: throttle 100KB/s shared; for a link across"
                  + " proxies: throttle 1MB/s link wan";
          String rate = in.required(usage);
          boolean shared = in.keyword("shared");
          if (shared && in.more() && in.peek().equalsIgnoreCase("link"))
            throw new IllegalArgumentException(
                "a link is shared already; write throttle RATE link NAME, without 'shared'");
          String link = in.keyword("link") ? in.required(usage) : null;
          in.end(usage);
          String size = rate.endsWith("/s") ? rate.substring(0, rate.length() - 2) : rate;
          DataSize perSecond = size("rate", size, usage);
          if (link != null) {
            chaos.throttleLink(link, perSecond);
          } else if (shared) {
            chaos.throttleShared(perSecond);
          } else {
            chaos.throttle(perSecond);
          }
          break;
        }
      case "slice":
        {
          String usage =
              "slice SIZE [variation SIZE] [pause DURATION], like slice 64B variation 16B pause 1ms";
          DataSize avg = size("size", in.required(usage), usage);
          DataSize variation =
              in.keyword("variation")
                  ? size("variation", in.required(usage), usage)
                  : DataSize.ofBytes(0);
          Duration pause =
              in.keyword("pause") ? duration("pause", in.required(usage)) : Duration.ZERO;
          in.end(usage);
          chaos.slice(avg, variation, pause);
          break;
        }
      case "corrupt":
      case "flipbits":
        {
          boolean flip = canonical(verb).equals("flipbits");
          String usage =
              (flip ? "flipBits" : "corrupt")
                  + " PROBABILITY, like "
                  + (flip ? "flipBits" : "corrupt")
                  + " 0.01 or 1%";
          double p = fraction("probability", in.required(usage));
          in.end(usage);
          if (flip) {
            chaos.flipBits(p);
          } else {
            chaos.corrupt(p);
          }
          break;
        }
      case "terminate":
        {
          String usage = "terminate PROBABILITY, like terminate 0.001 or 0.1%";
          double p = fraction("probability", in.required(usage));
          in.end(usage);
          chaos.terminate(p);
          break;
        }
      case "stall":
        {
          String usage = "stall PROBABILITY pause DURATION, like stall 5% pause 200ms";
          double p = fraction("probability", in.required(usage));
          if (!in.keyword("pause"))
            throw new IllegalArgumentException("stall needs a pause; write " + usage);
          Duration pause = duration("pause", in.required(usage));
          in.end(usage);
          chaos.stall(p, pause);
          break;
        }
      case "packetloss":
        {
          String usage =
              "packetLoss RATE [correlation FRACTION], like packetLoss 5% correlation 25%";
          double rate = fraction("loss rate", in.required(usage));
          double correlation =
              in.keyword("correlation") ? fraction("correlation", in.required(usage)) : 0.0;
          in.end(usage);
          chaos.packetLoss(rate, correlation);
          break;
        }
      case "timeout":
        {
          String usage = "timeout DURATION, like timeout 2s";
          Duration after = duration("timeout", in.required(usage));
          in.end(usage);
          if (after.isZero()) {
            throw new IllegalArgumentException(
                "timeout must be positive; for a connection that never closes write blackhole");
          }
          chaos.timeout(after);
          break;
        }
      case "blackhole":
        in.end("blackhole (no arguments)");
        chaos.blackhole();
        break;
      case "resetpeer":
        {
          String usage = "resetPeer [AFTER], like resetPeer or resetPeer 100ms";
          Duration after = in.more() ? duration("after", in.next()) : Duration.ZERO;
          in.end(usage);
          chaos.resetPeer(after);
          break;
        }
      case "slowclose":
        {
          String usage = "slowClose DELAY, like slowClose 500ms";
          Duration d = duration("delay", in.required(usage));
          in.end(usage);
          chaos.slowClose(d);
          break;
        }
      case "limitdata":
        {
          String usage = "limitData SIZE, like limitData 1KiB";
          DataSize limit = size("limit", in.required(usage), usage);
          in.end(usage);
          chaos.limitData(limit);
          break;
        }
      case "sessionlimit":
        {
          String usage = "sessionLimit LIFETIME, like sessionLimit 1s";
          Duration d = duration("lifetime", in.required(usage));
          in.end(usage);
          chaos.sessionLimit(d);
          break;
        }
      case "slowconnect":
        {
          String usage = "slowConnect DELAY, like slowConnect 300ms";
          Duration d = duration("delay", in.required(usage));
          in.end(usage);
          chaos.slowConnect(d);
          break;
        }
      case "refuse":
        in.end("refuse (no arguments)");
        chaos.refuse();
        break;
      case "down":
        if (direction != null || toxicity != null || trigger != null) {
          throw new IllegalArgumentException(
              "down takes the whole proxy down; it has no direction, toxicity or trigger"
                  + " (to refuse some connections, write e.g. first 2 refuse)");
        }
        in.end("down (no arguments)");
        return null;
      default:
        throw new IllegalArgumentException("unknown fault '" + verb + "'; faults: " + FAULTS);
    }
    return all.toxics();
  }

  /** The trigger condition {@code word} (already read) with its value. */
  private static Trigger trigger(String word, Tokens in) {
    switch (word) {
      case "once":
        return Trigger.once();
      case "first":
        return Trigger.firstConnections(
            count("first", in.required("first N, like first 2 refuse")));
      case "every":
        return Trigger.everyNthConnection(
            count("every", in.required("every N, like every 3 refuse")));
      case "connections":
        {
          long[] r =
              range("connections", in.required("connections N..M, like connections 2..3 refuse"));
          return Trigger.connections(r[0], r[1]);
        }
      case "ports":
        {
          long[] r = range("ports", in.required("ports A..B, like ports 40000..40100 refuse"));
          return Trigger.clientPorts((int) Math.min(r[0], 65536), (int) Math.min(r[1], 65536));
        }
      case "client":
        return Trigger.fromClient(in.required("client IP|CIDR, like client 10.0.0.0/8 delay 1s"));
      case "seen":
        return Trigger.seen(in.required("seen TEXT, like upstream seen \"COMMIT\" resetPeer"));
      case "matching":
        return Trigger.matches(
            in.required("matching REGEX, like upstream matching \"(COMMIT|ROLLBACK);\" resetPeer"));
      case "during":
        {
          String usage = "during FROM..TO, like during 1s..3s blackhole";
          String text = in.required(usage);
          Matcher m = RANGE.matcher(text);
          if (!m.matches()) {
            throw new IllegalArgumentException(
                "during '" + text + "' is not a window; write " + usage);
          }
          return Trigger.during(
              duration("during's start", m.group(1)), duration("during's end", m.group(2)));
        }
      case "after":
        {
          String usage =
              "after SIZE or after DURATION, like after 4KiB resetPeer or after 2s blackhole";
          String text = in.required(usage);
          if (DURATION.matcher(text).matches()) return Trigger.after(duration("after", text));
          try {
            return Trigger.afterBytes(DataSize.parse(text));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "after '" + text + "' is neither a size nor a duration; write " + usage, e);
          }
        }
      default:
        throw new IllegalStateException(word);
    }
  }

  private static long count(String what, String text) {
    if (!text.matches("\\d{1,15}")) {
      throw new IllegalArgumentException(
          what + " '" + text + "' is not a whole number of connections");
    }
    return Long.parseLong(text);
  }

  private static long[] range(String what, String text) {
    Matcher m = RANGE.matcher(text);
    if (!m.matches() || !m.group(1).matches("\\d{1,15}") || !m.group(2).matches("\\d{1,15}")) {
      throw new IllegalArgumentException(
          what
              + " '"
              + text
              + "' is not a range; write two whole numbers with .. between, like 2..3");
    }
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }

  /**
   * A fault's words: split at spaces, except within double quotes ({@code seen "BEGIN WORK"}; a
   * backslash escapes a quote or a backslash). Quoted words are marked with a leading NUL.
   */
  static String[] words(String fault) {
    List<String> out = new ArrayList<>();
    StringBuilder w = null;
    boolean quoted = false;
    for (int i = 0; i < fault.length(); i++) {
      char c = fault.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < fault.length()) {
          w.append(fault.charAt(++i));
        } else if (c == '"') {
          quoted = false;
          out.add(QUOTE + w);
          w = null;
        } else {
          w.append(c);
        }
      } else if (c == '"' && w == null) {
        quoted = true;
        w = new StringBuilder();
      } else if (Character.isWhitespace(c)) {
        if (w != null) out.add(w.toString());
        w = null;
      } else {
        if (w == null) w = new StringBuilder();
        w.append(c);
      }
    }
    if (quoted) throw new IllegalArgumentException("a quote is not closed: " + fault);
    if (w != null) out.add(w.toString());
    return out.toArray(new String[0]);
  }

  /** Marks a word that was quoted: never a keyword. */
  private static final String QUOTE = "\u0000";

  /** The fault's name in lower case, with Toxiproxy's type names as synonyms. */
  private static String canonical(String verb) {
    String v = verb.toLowerCase(Locale.ROOT);
    switch (v) {
      case "latency":
        return "delay";
      case "bandwidth":
        return "throttle";
      case "slicer":
        return "slice";
      case "reset_peer":
        return "resetpeer";
      case "slow_close":
        return "slowclose";
      case "limit_data":
        return "limitdata";
      case "session_limit":
        return "sessionlimit";
      case "slow_connect":
        return "slowconnect";
      case "packet_loss":
        return "packetloss";
      default:
        return v;
    }
  }

  /** Parses {@code 250ms}, {@code 1.5s}, {@code 200us}, {@code 2m} or {@code 0}. */
  static Duration duration(String what, String text) {
    if (text.equals("0")) return Duration.ZERO;
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      String hint = NUMBER.matcher(text).matches() ? " needs a unit" : " is not a duration";
      throw new IllegalArgumentException(
          what
              + " '"
              + text
              + "'"
              + hint
              + "; write a number and a unit, like 250ms, 1.5s or 0 (units: us, ms, s, m)");
    }
    BigDecimal n = new BigDecimal(m.group(1));
    long nanosPerUnit;
    switch (m.group(2)) {
      case "us":
      case "µs":
        nanosPerUnit = 1_000L;
        break;
      case "ms":
        nanosPerUnit = 1_000_000L;
        break;
      case "s":
        nanosPerUnit = 1_000_000_000L;
        break;
      default:
        nanosPerUnit = 60_000_000_000L;
        break;
    }
    BigDecimal nanos = n.multiply(BigDecimal.valueOf(nanosPerUnit));
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(what + " '" + text + "' is too long");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** Parses {@code 0.05}, {@code 1} or {@code 5%}, checking it lies in 0..1. */
  static double fraction(String what, String text) {
    boolean percent = text.endsWith("%");
    String number = percent ? text.substring(0, text.length() - 1) : text;
    if (!NUMBER.matcher(number).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + text
              + "' is not a number; write a fraction from 0 to 1, like 0.05, or a percentage, like 5%");
    }
    double v = Double.parseDouble(number) / (percent ? 100 : 1);
    if (v > 1) {
      throw new IllegalArgumentException(
          what
              + " '"
              + text
              + "' is more than "
              + (percent ? "100%" : "1")
              + "; write a fraction from 0 to 1, like 0.05, or a percentage, like 5%");
    }
    return v;
  }

  static DataSize size(String what, String text, String usage) {
    try {
      return DataSize.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " '" + text + "' is not a size; write " + usage, e);
    }
  }

  /** A cursor over a fault's words. */
  static final class Tokens {
    private final List<String> words;
    private int i;

    Tokens(String[] words) {
      this.words = Arrays.asList(words);
    }

    boolean more() {
      return i < words.size();
    }

    String peek() {
      return strip(words.get(i));
    }

    /** Whether the next word was quoted. */
    boolean quoted() {
      return words.get(i).startsWith(QUOTE);
    }

    String next() {
      return strip(words.get(i++));
    }

    private static String strip(String w) {
      return w.startsWith(QUOTE) ? w.substring(1) : w;
    }

    String required(String usage) {
      if (!more()) throw new IllegalArgumentException("a value is missing; write " + usage);
      return next();
    }

    boolean keyword(String k) {
      if (more() && !quoted() && peek().equalsIgnoreCase(k)) {
        i++;
        return true;
      }
      return false;
    }

    /**
     * Refuses {@code toxicity} or a direction after the fault's name (where they would be read as
     * its value: "latency 'toxicity' is not a duration"), with the fault rewritten as it should be.
     */
    void prefixesBefore() {
      for (int j = i; j < words.size(); j++) {
        String w = words.get(j).toLowerCase(Locale.ROOT);
        Integer arity = PREFIXES.get(w);
        if (arity == null) continue;
        boolean valued =
            arity > 0
                && j + 1 < words.size()
                && !PREFIXES.containsKey(words.get(j + 1).toLowerCase(Locale.ROOT));
        List<String> moved = new ArrayList<>(List.of(words.get(j)));
        if (arity > 0) {
          moved.add(valued ? words.get(j + 1) : w.equals("toxicity") ? "FRACTION" : "VALUE");
        }
        List<String> rest = new ArrayList<>(words.subList(i - 1, words.size()));
        rest.subList(j - (i - 1), j - (i - 1) + (valued ? 2 : 1)).clear();
        List<String> fixed = new ArrayList<>(words.subList(0, i - 1));
        fixed.addAll(moved);
        fixed.addAll(rest);
        fixed.replaceAll(Tokens::show);
        throw new IllegalArgumentException(
            "'"
                + words.get(j)
                + "' is a prefix: it goes before the fault's name, as in "
                + GRAMMAR
                + " (triggers: "
                + TRIGGERS
                + "); write \""
                + String.join(" ", fixed)
                + "\"");
      }
    }

    /** A word as it was written: quoted again if it was. */
    private static String show(String w) {
      return w.startsWith(QUOTE) ? '"' + w.substring(1) + '"' : w;
    }

    void end(String usage) {
      if (more()) {
        throw new IllegalArgumentException(
            "unexpected '"
                + String.join(" ", words.subList(i, words.size()))
                + "'; write "
                + usage);
      }
    }
  }
}
