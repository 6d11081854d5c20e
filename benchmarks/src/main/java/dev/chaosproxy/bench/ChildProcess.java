package dev.chaosproxy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process the benchmark started (upstream server, chaos-proxy, HAProxy, socat). Every one is
 * registered so that a shutdown hook kills it, and its descendants (socat forks one per
 * connection), even when the benchmark fails or is interrupted.
 *
 * <p>With {@code lineProtocol}, stdout is read line by line (READY, command replies) and stdin
 * takes commands; otherwise stdout and stderr both go to the log file.
 */
final class ChildProcess implements AutoCloseable {
  private static final Set<ChildProcess> ALL = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::killAll, "kill-children"));
  }

  final String name;
  final Path log;
  private final Process process;
  private final boolean lineProtocol;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Writer stdin;

  private ChildProcess(String name, Process process, Path log, boolean lineProtocol) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.lineProtocol = lineProtocol;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    if (lineProtocol) {
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) lines.add(line);
                } catch (IOException ignored) {
                  // the process went away
                }
              },
              name + "-stdout");
      reader.setDaemon(true);
      reader.start();
    }
  }

  static ChildProcess start(String name, List<String> command, Path logDir, boolean lineProtocol)
      throws IOException {
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command);
    if (lineProtocol) {
      pb.redirectError(log.toFile());
    } else {
      pb.redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
    }
    Process p = pb.start();
    ChildProcess c = new ChildProcess(name, p, log, lineProtocol);
    ALL.add(c);
    return c;
  }

  /** A Java child: the same JVM binary and class path as this one. */
  static List<String> javaCommand(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String exitDescription() {
    if (process.isAlive()) return "running";
    int code = process.exitValue();
    return "exit status " + code + (code > 128 ? ", signal " + (code - 128) : "");
  }

  /** Waits for a stdout line starting with {@code prefix}; other lines are skipped. */
  String awaitLine(String prefix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line;
      try {
        line = left > 0 ? lines.poll(Math.min(left, 100_000_000L), TimeUnit.NANOSECONDS) : null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      if (line != null && line.startsWith(prefix)) return line;
      if (line != null && line.startsWith("ERR"))
        throw new IllegalStateException(name + ": " + line);
      if (line == null && !process.isAlive() && lines.isEmpty()) {
        throw new IllegalStateException(
            name + " exited with status " + process.exitValue() + " (log: " + log + ")" + tail());
      }
      if (line == null && System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(
            name
                + " gave no '"
                + prefix
                + "' line within "
                + timeout.toMillis()
                + " ms (log: "
                + log
                + ")");
      }
    }
  }

  /** Sends one command line and waits for the reply line starting with {@code replyPrefix}. */
  synchronized String command(String command, String replyPrefix, Duration timeout) {
    if (!lineProtocol) throw new IllegalStateException(name + " takes no commands");
    lines.clear();
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new IllegalStateException(
          name + " does not take commands any more: " + e.getMessage() + tail(), e);
    }
    return awaitLine(replyPrefix, timeout);
  }

  /** Resident set size from /proc/PID/status, in KiB; -1 if unavailable. */
  long rssKiB() {
    return rssKiB(process.pid());
  }

  static long rssKiB(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * CPU time used by the process, its live descendants (socat's forks) and its reaped children, in
   * nanoseconds, from /proc/PID/stat (clock ticks of 10 ms); -1 if unavailable.
   */
  long cpuNanos() {
    long own = cpuTicks(process.pid(), true);
    if (own < 0) return -1;
    long[] sum = {own};
    try {
      process
          .toHandle()
          .descendants()
          .forEach(d -> sum[0] += Math.max(0, cpuTicks(d.pid(), false)));
    } catch (RuntimeException ignored) {
      // a child went away meanwhile
    }
    return sum[0] * 10_000_000L;
  }

  private static long cpuTicks(long pid, boolean withReaped) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      if (withReaped) ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return ticks;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The last lines of the log, for error messages. */
  String tail() {
    try {
      List<String> all = Files.readAllLines(log);
      List<String> last = all.subList(Math.max(0, all.size() - 5), all.size());
      return last.isEmpty() ? "" : "\n  " + String.join("\n  ", last);
    } catch (IOException e) {
      return "";
    }
  }

  /** Asks a line-protocol child to quit, then kills it and its descendants. */
  @Override
  public void close() {
    if (lineProtocol && process.isAlive()) {
      try {
        stdin.write("quit\n");
        stdin.flush();
        stdin.close();
        process.waitFor(3, TimeUnit.SECONDS);
      } catch (IOException ignored) {
        // kill it below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    kill();
    ALL.remove(this);
  }

  private void kill() {
    List<ProcessHandle> descendants = new ArrayList<>();
    try {
      process.toHandle().descendants().forEach(descendants::add);
    } catch (RuntimeException ignored) {
      // gone
    }
    process.destroy();
    for (ProcessHandle d : descendants) d.destroy();
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle d : descendants) {
      if (d.isAlive()) d.destroyForcibly();
    }
  }

  static void killAll() {
    for (ChildProcess c : ALL) {
      try {
        c.kill();
      } catch (RuntimeException ignored) {
        // best effort
      }
    }
  }
}
