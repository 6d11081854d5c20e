package dev.chaosproxy.testing;

import static dev.chaosproxy.testing.Polls.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The standalone jar run as its own process, its log collected line by line. */
public final class StandaloneProcess implements AutoCloseable {
  private static final Pattern API = Pattern.compile("control API on (http://\\S+?)[,\\s]");
  private final Process process;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private StandaloneProcess(Process process) {
    this.process = process;
    reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) log.add(line);
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "standalone-log");
    reader.setDaemon(true);
    reader.start();
  }

  /** The jar the build made (failsafe passes its path). */
  public static Path jar() {
    String p = System.getProperty("chaosproxy.standaloneJar");
    if (p == null || !Files.isRegularFile(Path.of(p))) {
      throw new IllegalStateException(
          "the standalone jar is missing (" + p + "); run these tests with 'mvn verify'");
    }
    return Path.of(p);
  }

  public static StandaloneProcess start(Map<String, String> env, String... args) {
    return start(List.of(), env, args);
  }

  /** With JVM options ({@code -Xmx64m}, {@code -Dkey=value}) before {@code -jar}. */
  public static StandaloneProcess start(
      List<String> jvmOptions, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("CHAOS_PROXY_API_TOKEN");
    pb.environment().putAll(env);
    try {
      return new StandaloneProcess(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static StandaloneProcess start(String... args) {
    return start(Map.of(), args);
  }

  /** Waits for a log line matching {@code regex}; returns its matcher. */
  public Matcher awaitLine(String regex, Duration timeout) {
    Pattern p = Pattern.compile(regex);
    Matcher[] found = new Matcher[1];
    await("a log line matching /" + regex + "/")
        .atMost(timeout)
        .untilAsserted(
            () -> {
              for (String line : log) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                  found[0] = m;
                  return;
                }
              }
              throw new AssertionError(
                  "no log line matches /"
                      + regex
                      + "/; exited: "
                      + !process.isAlive()
                      + "; log:\n"
                      + String.join("\n", log));
            });
    return found[0];
  }

  /** The control API's base URI, once the process says it is ready. */
  public URI api() {
    return URI.create(awaitLine(API.pattern(), Duration.ofSeconds(20)).group(1));
  }

  public List<String> log() {
    return log;
  }

  public Process process() {
    return process;
  }

  /**
   * Sends SIGTERM. (Through the process handle: {@code Process.destroy()} would also close our end
   * of its output, losing what it logs while it shuts down.)
   */
  public void sigterm() {
    process.toHandle().destroy();
  }

  /** Sends SIGINT, as Ctrl-C does, with the system's {@code kill}. */
  public void sigint() throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (kill.waitFor() != 0)
      throw new IllegalStateException(
          "kill -INT "
              + process.pid()
              + " failed: "
              + new String(kill.getInputStream().readAllBytes()));
  }

  /**
   * Whether the process ignores {@code signal} (a process started in the background of a
   * non-interactive shell ignores SIGINT, and the JVM then keeps ignoring it); false when unknown.
   */
  public boolean ignores(int signal) {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("SigIgn:"))
          return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (signal - 1))) != 0;
      }
    } catch (IOException | RuntimeException unknown) {
      // not Linux, or the process is gone
    }
    return false;
  }

  /** Waits for the process to exit and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "the standalone process did not exit within "
              + timeout.toMillis()
              + " ms; log:\n"
              + String.join("\n", log));
    }
    reader.join(5000); // the whole log, to its end
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
