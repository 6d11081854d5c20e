package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.Schedule;
import dev.chaosproxy.Toxic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses a chaos string that starts with {@code schedule}: {@code schedule [name NAME] [repeat [N]]
 * STEP; STEP; ...}, the steps optionally in braces. A step is {@code FAULT[, FAULT] for DURATION},
 * {@code down DURATION}, {@code pause DURATION} or {@code rampLatency FROM to TO over DURATION}.
 */
final class ScheduleText {
  static final String USAGE =
      "schedule [name NAME] [repeat [N]] STEP; STEP; ... (steps optionally in { }), a STEP being"
          + " FAULT[, FAULT] for DURATION, down DURATION, pause DURATION or rampLatency FROM to TO"
          + " over DURATION; like schedule down 3s, or schedule repeat { blackhole for 500ms;"
          + " pause 1500ms }";

  private static final Pattern COUNT = Pattern.compile("-?\\d+");
  private static final Pattern FOR = Pattern.compile("\\s+for\\s+", Pattern.CASE_INSENSITIVE);

  private ScheduleText() {}

  /** Whether {@code fault} is a schedule: its first word is {@code schedule}. */
  static boolean isSchedule(String fault) {
    String first = fault.split("\\s+", 2)[0];
    return first.equalsIgnoreCase("schedule");
  }

  /** The schedule {@code text} says, named {@code defaultName} unless it names itself. */
  static Schedule parse(String text, String defaultName) {
    String rest = text.trim().substring("schedule".length()).trim();
    String name = defaultName;
    Integer repeat = 1; // null: forever
    while (true) {
      String[] w = rest.split("\\s+", 3);
      String word = w[0].toLowerCase(Locale.ROOT);
      if (word.equals("name")) {
        if (w.length < 3)
          throw new IllegalArgumentException("a name and steps are missing; write " + USAGE);
        name = w[1];
        rest = w[2];
      } else if (word.equals("repeat")) {
        if (w.length > 1 && COUNT.matcher(w[1]).matches()) {
          repeat = count(w[1]);
          rest = w.length > 2 ? w[2] : "";
        } else if (w.length > 1 && w[1].equalsIgnoreCase("forever")) {
          repeat = null;
          rest = w.length > 2 ? w[2] : "";
        } else {
          repeat = null;
          rest = rest.substring(w[0].length()).trim();
        }
      } else {
        break;
      }
    }
    rest = rest.trim();
    if (rest.isEmpty()) throw new IllegalArgumentException("no steps; write " + USAGE);
    if (rest.startsWith("{")) {
      if (!rest.endsWith("}"))
        throw new IllegalArgumentException(
            "the steps open with '{' but do not end with '}'; write " + USAGE);
      rest = rest.substring(1, rest.length() - 1).trim();
    } else if (rest.endsWith("}")) {
      throw new IllegalArgumentException(
          "the steps end with '}' but do not open with '{'; write " + USAGE);
    }
    Schedule.Builder b = Schedule.named(name);
    int n = 0;
    for (String step : splitOutsideQuotes(rest, ';')) {
      String s = step.trim();
      if (s.isEmpty()) {
        throw new IllegalArgumentException(
            "a step is empty (two ';' in a row, or one at the end); write " + USAGE);
      }
      n++;
      try {
        step(b, s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("step " + n + " \"" + s + "\": " + e.getMessage(), e);
      }
    }
    if (repeat == null) {
      b.repeatForever();
    } else {
      b.repeat(repeat);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "; write " + USAGE, e);
    }
  }

  private static int count(String text) {
    long n;
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      n = Long.MAX_VALUE;
    }
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "repeat N is how many times the steps run in all, from 1 to "
              + Integer.MAX_VALUE
              + ", was "
              + text
              + "; for no end write repeat alone");
    }
    return (int) n;
  }

  private static void step(Schedule.Builder b, String step) {
    String[] w = step.split("\\s+");
    String verb = w[0].toLowerCase(Locale.ROOT);
    switch (verb) {
      case "down":
      case "pause":
        {
          String usage = verb + " DURATION, like " + verb + " 3s";
          int at = w.length == 3 && w[1].equalsIgnoreCase("for") ? 2 : 1;
          if (w.length != at + 1) throw new IllegalArgumentException("write " + usage);
          Duration d = ChaosText.duration("the step's duration", w[at]);
          if (verb.equals("down")) {
            b.down(d);
          } else {
            b.pause(d);
          }
          return;
        }
      case "ramplatency":
      case "rampdelay":
        {
          String usage =
              "rampLatency FROM to TO over DURATION, like rampLatency 0 to 500ms over 10s";
          if (w.length != 6 || !w[2].equalsIgnoreCase("to") || !w[4].equalsIgnoreCase("over"))
            throw new IllegalArgumentException("write " + usage);
          b.rampLatency(
              ChaosText.duration("from", w[1]),
              ChaosText.duration("to", w[3]),
              ChaosText.duration("over", w[5]));
          return;
        }
      default:
        break;
    }
    String[] parts = FOR.split(step);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "a step with faults says how long they last: FAULT[, FAULT] for DURATION, like"
              + " downstream blackhole for 500ms");
    }
    Duration d = ChaosText.duration("the step's duration", parts[1].trim());
    List<Toxic> toxics = new ArrayList<>();
    for (String fault : splitOutsideQuotes(parts[0], ',')) {
      String f = fault.trim();
      if (f.isEmpty()) throw new IllegalArgumentException("a fault before 'for' is empty");
      List<Toxic> made = ChaosText.toxicsOf(f);
      if (made == null) {
        throw new IllegalArgumentException(
            "down is a step of its own: write down DURATION, like down 3s");
      }
      toxics.addAll(made);
    }
    b.step(d, c -> toxics.forEach(c::put));
  }

  /**
   * {@code text} cut at each {@code sep} that is not inside a "double-quoted" word (where \" and \\
   * escape), keeping empty pieces: a quoted {@code seen "a;b"} or {@code header "A: 1, 2"} is one
   * piece.
   */
  static List<String> splitOutsideQuotes(String text, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\' && i + 1 < text.length()) {
        piece.append(c).append(text.charAt(++i));
        continue;
      }
      if (c == '"') quoted = !quoted;
      if (c == sep && !quoted) {
        out.add(piece.toString());
        piece.setLength(0);
      } else {
        piece.append(c);
      }
    }
    out.add(piece.toString());
    return out;
  }
}
