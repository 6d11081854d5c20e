package dev.chaosproxy.samples.servers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/** What the server fixtures share: skip-or-fail, free ports, running a command, cleaning up. */
public final class Servers {
  /** The environment variable that turns a missing server (or tool) into a failure instead of a skip. */
  public static final String REQUIRE_ENV = "CHAOS_PROXY_REQUIRE_SERVERS";

  private Servers() {}

  /** True when {@value #REQUIRE_ENV} is {@code true}, as in CI. */
  public static boolean required() {
    return parseRequired(System.getenv(REQUIRE_ENV));
  }

  static boolean parseRequired(String value) {
    if (value == null || value.isBlank()) return false;
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(REQUIRE_ENV + " must be true or false (or unset), not '" + value + "'");
    }
  }

  /**
   * The decision when something a test needs is missing: skipped with {@code what} and how to
   * {@code install} it, or, when {@value #REQUIRE_ENV} is {@code true}, an exception that fails it.
   */
  public static ConditionEvaluationResult missing(String what, String install) {
    return missing(what, install, required());
  }

  static ConditionEvaluationResult missing(String what, String install, boolean required) {
    if (required) {
      throw new IllegalStateException(REQUIRE_ENV + "=true, but " + what + ". Install it: " + install
          + "; .ci/samples-up does, as CI runs it.");
    }
    return ConditionEvaluationResult.disabled("skipped: " + what + ". Install it: " + install
        + "; or run .ci/samples-up. " + REQUIRE_ENV + "=true makes this a failure.");
  }

  /** A port that was free on 127.0.0.1 a moment ago (a server given it may still lose a race). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  /** The executable {@code name} on the PATH, if there is one. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  /** Whether this JVM runs as root (servers such as PostgreSQL refuse to). */
  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * Runs {@code command} and returns what it printed (stdout and stderr together).
   *
   * @throws IOException if it cannot start, exits non-zero or outlives {@code timeout}, with its output
   */
  static String run(Duration timeout, List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    OutputReader output = new OutputReader(process.getInputStream());
    output.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s: " + output.text());
      }
      output.join(timeout.toMillis());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + String.join(" ", command), e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output.text().strip());
    }
    return output.text();
  }

  /** The last {@code lines} lines of {@code file}, or why it cannot be read. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no " + file + ": " + e.getMessage() + ")";
    }
  }

  /** Deletes {@code dir} and everything in it; what cannot be deleted is returned, not thrown. */
  static List<String> deleteTree(Path dir) {
    List<String> problems = new ArrayList<>();
    if (!Files.exists(dir)) return problems;
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          problems.add(p + ": " + e);
        }
      });
    } catch (IOException e) {
      problems.add(dir + ": " + e);
    }
    return problems;
  }

  /** Collects a process's output on a thread of its own, so the process never blocks on a full pipe. */
  private static final class OutputReader extends Thread {
    private final InputStream in;
    private final StringBuffer text = new StringBuffer();

    OutputReader(InputStream in) {
      super("server-command-output");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) != -1; ) text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      } catch (IOException e) {
        text.append("(output unreadable: ").append(e.getMessage()).append(')');
      }
    }

    String text() {
      return text.toString();
    }
  }
}
