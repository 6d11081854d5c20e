package dev.chaosproxy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's entry point (run by {@code bench/run}): starts the upstream server and the
 * targets, runs the scenarios with the same load generator against each target, prints the Markdown
 * table and writes it to {@code --out}.
 *
 * <pre>
 * BenchMain [--quick] [--out FILE] [--fd-limit N] [--list] [SCENARIO...]
 * </pre>
 */
public final class BenchMain {
  private BenchMain() {}

  static List<Scenario> allScenarios() {
    return List.of(
        new ThroughputScenario(),
        new RequestResponseScenario(),
        new ConnectRateScenario(),
        new IdleConnectionsScenario(),
        new StartStopScenario(),
        new LatencyToxicThroughputScenario(),
        new ToxicAccuracyScenario(),
        new SharedBandwidthScenario(),
        new JUnitOverheadScenario(),
        new ApiLatencyScenario(),
        new MemoryBoundScenario(),
        new HttpScenario());
  }

  public static void main(String[] args) throws Exception {
    BenchProxy.quietLogging();
    boolean quick = false;
    Path out = null;
    int fdLimit = -1;
    List<String> wanted = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick":
          quick = true;
          break;
        case "--out":
          out = Path.of(args[++i]);
          break;
        case "--fd-limit":
          fdLimit = Integer.parseInt(args[++i]);
          break;
        case "--list":
        case "--help":
        case "-h":
          usage();
          return;
        default:
          if (args[i].startsWith("-")) {
            System.err.println("unknown option " + args[i]);
            usage();
            System.exit(2);
          }
          wanted.add(args[i]);
      }
    }
    List<Scenario> scenarios = new ArrayList<>();
    for (Scenario s : allScenarios()) {
      if (wanted.isEmpty() || wanted.contains(s.name())) scenarios.add(s);
    }
    for (String w : wanted) {
      if (allScenarios().stream().noneMatch(s -> s.name().equals(w))) {
        System.err.println("unknown scenario '" + w + "'");
        usage();
        System.exit(2);
      }
    }
    if (fdLimit <= 0) fdLimit = openFileLimit();

    BenchSettings settings = BenchSettings.of(quick);
    Report report = new Report();
    Path logDir = Files.createTempDirectory("chaos-proxy-bench-");
    long started = System.nanoTime();
    String when = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    boolean failed = false;
    try (RunContext ctx = new RunContext(settings, report, logDir, fdLimit)) {
      ctx.log("chaos-proxy benchmark, " + (quick ? "quick" : "full") + " run; logs in " + logDir);
      for (Scenario s : scenarios) {
        ctx.log("== " + s.name() + ": " + s.description());
        try {
          s.run(ctx);
        } catch (Exception e) {
          failed = true;
          report.note("**Scenario " + s.name() + " FAILED:** " + e);
          ctx.log("scenario " + s.name() + " failed: " + e);
          e.printStackTrace();
        }
      }
    } finally {
      ChildProcess.killAll();
    }
    noteLogs(report, logDir);
    double seconds = (System.nanoTime() - started) / 1e9;

    report.header(
        "## chaos-proxy benchmark, "
            + when
            + " ("
            + (quick ? "quick run: short, for smoke checks only" : "full run")
            + ")");
    report.header("");
    report.header(
        "- Command: `bench/run"
            + (quick ? " --quick" : "")
            + (wanted.isEmpty() ? "" : " " + String.join(" ", wanted))
            + "`; benchmark time "
            + Stats.fmt("%.0f", seconds)
            + " s (build excluded)");
    report.header(
        "- Machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores ("
            + cpuModel()
            + "), "
            + memTotal()
            + ", "
            + firstLine("uname", "-sr"));
    report.header(
        "- Java "
            + System.getProperty("java.runtime.version")
            + "; "
            + firstLine("haproxy", "-v")
            + "; "
            + grepLine(List.of("socat", "-V"), "socat version"));
    String haproxyExtra = System.getenv("BENCH_HAPROXY_GLOBAL");
    String chaosExtra = System.getenv("BENCH_CHAOS_JVM_OPTS");
    report.header(
        "- chaos-proxy: "
            + gitDescription()
            + "; own JVM (-Xmx128m"
            + (chaosExtra == null || chaosExtra.isBlank() ? "" : " " + chaosExtra.trim())
            + ", 2 event loops, 256 KiB reads, 64 KiB held per direction) unless the row says in-process. HAProxy `mode tcp`, `nbthread 2`, "
            + (haproxyExtra == null || haproxyExtra.isBlank()
                ? "otherwise defaults (16 KiB buffers, no splicing)"
                : "plus `" + haproxyExtra.trim() + "`")
            + ". socat `fork`, defaults (8 KiB buffer).");
    report.header(
        "- Everything runs on this one machine over 127.0.0.1: the load generator (this JVM), the upstream server (own JVM),"
            + " and the proxy share the cores, so absolute numbers are lower than on separate hosts; compare columns.");
    report.header(
        "- MB = 10^6 bytes. Throughput is counted at the receiver after a warm-up of "
            + settings.bulkWarmup.toMillis()
            + " ms, over "
            + settings.bulkMeasure.toMillis()
            + " ms"
            + (settings.bulkRounds > 1
                ? ", in " + settings.bulkRounds + " rounds visiting the targets in opposite orders"
                : "")
            + ". Every target gets the same warm-up traffic when it starts.");

    String markdown = report.markdown();
    Report.publish(markdown, out);
    if (!failed && !report.hasFailures() && !report.hasLogFindings()) deleteRecursively(logDir);
    else System.err.println("child process logs kept in " + logDir);
    System.exit(0);
  }

  /**
   * Puts what the child processes complained about in the notes: a warning from chaos-proxy is a
   * finding.
   */
  private static void noteLogs(Report report, Path logDir) {
    List<String> names = new ArrayList<>(List.of("chaos-proxy", "upstream", "haproxy", "socat"));
    names.addAll(HttpScenario.PROCESSES);
    for (String name : names) {
      Path log = logDir.resolve(name + ".log");
      if (!Files.exists(log)) continue;
      try {
        List<String> lines =
            Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(
                    l ->
                        l.contains("WARN")
                            || l.contains("ERROR")
                            || l.contains("ALERT")
                            || l.contains("Exception")
                            || l.contains("error"))
                .collect(java.util.stream.Collectors.toList());
        if (lines.isEmpty()) continue;
        report.note(
            "The "
                + name
                + " process logged "
                + lines.size()
                + " warning/error line(s); first: `"
                + lines.get(0).trim().replace("`", "'")
                + "`"
                + (lines.size() > 1
                    ? "; last: `" + lines.get(lines.size() - 1).trim().replace("`", "'") + "`"
                    : "")
                + " (full log kept: "
                + log
                + ")");
      } catch (IOException ignored) {
        // no log
      }
    }
  }

  private static void usage() {
    System.err.println("usage: bench/run [--quick] [SCENARIO...]\nscenarios:");
    for (Scenario s : allScenarios()) System.err.printf("  %-17s %s%n", s.name(), s.description());
  }

  /** The hard limit on open files (what every child can raise its soft limit to). */
  static int openFileLimit() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (l.startsWith("Max open files")) {
          String[] w = l.substring("Max open files".length()).trim().split("\\s+");
          return w[1].equals("unlimited") ? 1 << 20 : Integer.parseInt(w[1]);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // fall through
    }
    return 1024;
  }

  private static String cpuModel() {
    return grepFile("/proc/cpuinfo", "model name").replaceAll("^[^:]*:\\s*", "");
  }

  private static String memTotal() {
    String l = grepFile("/proc/meminfo", "MemTotal");
    try {
      long kib = Long.parseLong(l.replaceAll("[^0-9]", ""));
      return Stats.fmt("%.0f GiB RAM", kib / 1024.0 / 1024.0);
    } catch (NumberFormatException e) {
      return "? RAM";
    }
  }

  private static String grepFile(String file, String prefix) {
    try {
      for (String l : Files.readAllLines(Path.of(file))) {
        if (l.startsWith(prefix)) return l;
      }
    } catch (IOException ignored) {
      // unknown
    }
    return "?";
  }

  private static String gitDescription() {
    String head = firstLine("git", "rev-parse", "--short", "HEAD");
    String dirty = firstLine("git", "status", "--porcelain", "--", "chaos-proxy-core");
    return "commit "
        + head
        + (dirty.isEmpty() || dirty.equals("?")
            ? ""
            : " + uncommitted changes in chaos-proxy-core");
  }

  static String firstLine(String... command) {
    return grepLine(List.of(command), "");
  }

  private static String grepLine(List<String> command, String prefix) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String found = "";
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          if (found.isEmpty() && l.startsWith(prefix)) found = l.trim();
        }
      }
      p.waitFor();
      return found;
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // leave it
    }
  }
}
