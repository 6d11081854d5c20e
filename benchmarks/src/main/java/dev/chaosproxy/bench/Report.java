package dev.chaosproxy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results as one Markdown table (a row per metric, a column per target) plus notes. */
final class Report {
  static final String DIRECT = "direct";
  static final String CHAOS = "chaos-proxy";
  static final String HAPROXY = "HAProxy";
  static final String SOCAT = "socat";
  static final List<String> COLUMNS = List.of(DIRECT, CHAOS, HAPROXY, SOCAT);

  private final List<String> header = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Table> tables = new ArrayList<>();

  /** One metric of one scenario. */
  static final class Row {
    final String scenario;
    final String metric;
    final Map<String, String> cells = new LinkedHashMap<>();
    final List<String> columns;
    String goal = "";
    String met = "";

    Row(String scenario, String metric) {
      this(scenario, metric, COLUMNS);
    }

    Row(String scenario, String metric, List<String> columns) {
      this.scenario = scenario;
      this.metric = metric;
      this.columns = columns;
    }

    Row set(String column, String value) {
      if (!columns.contains(column)) throw new IllegalArgumentException("no column " + column);
      cells.put(column, value);
      return this;
    }

    Row goal(String text) {
      goal = text;
      return this;
    }

    /** Whether the goal is met; null when it cannot be judged (a value is missing). */
    Row met(Boolean ok) {
      met = ok == null ? "?" : ok ? "yes" : "**NO**";
      return this;
    }

    /** {@link #met(Boolean)} with the figures that decided it, e.g. "yes: 1.12 ×". */
    Row met(Boolean ok, String detail) {
      met(ok);
      if (ok != null && !detail.isEmpty()) met += ": " + detail;
      return this;
    }
  }

  /**
   * A table of its own, printed after the main one, for a scenario whose targets are not the main
   * table's columns (e.g. the {@code http} scenario's TCP and HTTP proxies).
   */
  static final class Table {
    final String title;
    final List<String> columns;
    private final List<Row> rows = new ArrayList<>();

    private Table(String title, List<String> columns) {
      this.title = title;
      this.columns = List.copyOf(columns);
    }

    synchronized Row row(String scenario, String metric) {
      Row r = new Row(scenario, metric, columns);
      rows.add(r);
      return r;
    }
  }

  synchronized Table table(String title, List<String> columns) {
    Table t = new Table(title, columns);
    tables.add(t);
    return t;
  }

  synchronized void header(String line) {
    header.add(line);
  }

  synchronized Row row(String scenario, String metric) {
    Row r = new Row(scenario, metric);
    rows.add(r);
    return r;
  }

  synchronized void note(String text) {
    notes.add(text);
  }

  /** Whether a child process logged warnings (see the notes). */
  synchronized boolean hasLogFindings() {
    return notes.stream().anyMatch(n -> n.contains("warning/error line"));
  }

  /** Whether some measurement failed (its logs are then worth keeping). */
  synchronized boolean hasFailures() {
    return notes.stream().anyMatch(n -> n.contains("FAILED") || n.contains("died during the run"));
  }

  synchronized String markdown() {
    StringBuilder sb = new StringBuilder();
    for (String h : header) sb.append(h).append('\n');
    sb.append('\n');
    if (!rows.isEmpty() || tables.isEmpty()) appendTable(sb, COLUMNS, rows);
    for (Table t : tables) {
      if (sb.charAt(sb.length() - 2) != '\n') sb.append('\n');
      sb.append("**").append(t.title).append("**\n\n");
      synchronized (t) {
        appendTable(sb, t.columns, t.rows);
      }
    }
    if (!notes.isEmpty()) {
      sb.append('\n');
      for (String n : notes) sb.append("- ").append(n.replace("\n", " ")).append('\n');
    }
    return sb.toString();
  }

  private static void appendTable(StringBuilder sb, List<String> columns, List<Row> rows) {
    sb.append("| Scenario | Metric |");
    for (String c : columns) sb.append(' ').append(c).append(" |");
    sb.append(" Goal (chaos-proxy) | Met? |\n");
    sb.append("|---|---|");
    for (int i = 0; i < columns.size(); i++) sb.append("---:|");
    sb.append("---|---|\n");
    for (Row r : rows) {
      sb.append("| ")
          .append(escape(r.scenario))
          .append(" | ")
          .append(escape(r.metric))
          .append(" |");
      for (String c : columns)
        sb.append(' ').append(escape(r.cells.getOrDefault(c, "–"))).append(" |");
      sb.append(' ').append(escape(r.goal)).append(" | ").append(r.met).append(" |\n");
    }
  }

  private static String escape(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /** Prints a finished report to stdout and, when {@code out} is given, writes it there. */
  static void publish(String markdown, Path out) throws IOException {
    System.out.println();
    System.out.println(markdown);
    if (out != null) {
      if (out.getParent() != null) Files.createDirectories(out.getParent());
      Files.writeString(out, markdown, StandardCharsets.UTF_8);
      System.err.println("written to " + out);
    }
  }
}
