package dev.chaosproxy.samples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chaosproxy.samples.servers.Servers;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@code samples/standalone/curl-recipes.sh} (README's standalone quick start and curl
 * recipes, each effect checked) against the standalone jar this build made, and fails with the
 * script's output when a check fails.
 *
 * <p>The script uses README's fixed ports (8080, 8181, 8474) and {@code /tmp/www}. Runs of this
 * test on one machine take turns through a lock file; a port held by anything else skips the
 * test with what holds it, or fails it when {@code CHAOS_PROXY_REQUIRE_SERVERS=true} (CI).
 */
class CurlRecipesIT {
  static final List<Integer> PORTS = List.of(8080, 8181, 8474);
  static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "chaos-proxy-readme-ports.lock");
  static final Duration LOCK_WAIT = Duration.ofMinutes(3);
  static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  @SuppressWarnings("try") // the lock is held, not used
  void readmesCurlRecipesDoWhatTheySay() throws Exception {
    Path jar = standaloneJar();
    Path script = Path.of(System.getProperty("chaosproxy.curlRecipes", "standalone/curl-recipes.sh")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "no standalone jar at " + jar + "; build it: ./mvnw -q -pl chaos-proxy-core -am package -DskipTests");
    for (String tool : List.of("bash", "python3", "curl", "cmp")) {
      if (onPath(tool) == null) skipOrFail(tool + " is not on the PATH; the script needs bash, python3, curl and cmp"
          + " (sudo apt-get install python3 curl diffutils, or .ci/samples-up)");
    }

    try (FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock lock = lockWithin(channel, LOCK_WAIT)) {
      List<String> taken = new ArrayList<>();
      for (int port : PORTS) {
        if (listening(port)) taken.add(port + (holder(port).isEmpty() ? "" : " (" + holder(port) + ")"));
      }
      if (!taken.isEmpty()) skipOrFail("README's ports are in use on 127.0.0.1: " + String.join(", ", taken)
          + "; the curl recipes need 8080, 8181 and 8474 free");

      List<String> command = List.of("bash", script.toString(), jar.toAbsolutePath().toString());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      // The script runs `java -jar`: make it this JVM's java.
      builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + System.getenv("PATH"));
      Path output = Files.createTempFile("curl-recipes-", ".log");
      try {
        Process process = builder.redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        boolean exited = process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
          process.descendants().forEach(ProcessHandle::destroy);
          process.destroy();
          process.waitFor(10, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(printed);
        if (!exited) fail("curl-recipes.sh did not finish within " + SCRIPT_TIMEOUT.toMinutes() + " min:\n" + printed);
        if (process.exitValue() == 2 && printed.contains("is in use")) skipOrFail(printed.strip()); // lost a race for a port
        assertEquals(0, process.exitValue(), "curl-recipes.sh failed:\n" + printed);
        assertTrue(printed.contains("every recipe did what README says"), printed);
      } finally {
        Files.deleteIfExists(output);
      }
    }
  }

  /** The jar the build names ({@code -Dchaosproxy.standaloneJar}), else the one in core's target directory. */
  static Path standaloneJar() throws IOException {
    String named = System.getProperty("chaosproxy.standaloneJar");
    if (named != null) return Path.of(named);
    Path target = Path.of("../chaos-proxy-core/target");
    if (!Files.isDirectory(target)) return target.resolve("chaos-proxy-core-<version>-standalone.jar");
    try (var jars = Files.newDirectoryStream(target, "chaos-proxy-core-*-standalone.jar")) {
      for (Path jar : jars) return jar;
    }
    return target.resolve("chaos-proxy-core-<version>-standalone.jar");
  }

  static void skipOrFail(String why) {
    if (Servers.required()) fail(Servers.REQUIRE_ENV + "=true, but " + why);
    Assumptions.abort("skipped: " + why + ". " + Servers.REQUIRE_ENV + "=true makes this a failure.");
  }

  /** Takes the lock other runs of this test hold while they use README's ports, waiting up to {@code wait}. */
  static FileLock lockWithin(FileChannel channel, Duration wait) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      FileLock lock = channel.tryLock();
      if (lock != null) return lock;
      if (System.nanoTime() - deadline > 0) {
        skipOrFail("another run of the curl recipes has held " + LOCK + " for over " + wait.toMinutes() + " min");
      }
      Thread.sleep(200); // polling a lock another process holds: there is nothing to wait on
    }
  }

  static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** What {@code ss} says listens on {@code port}, or empty when it cannot tell. */
  static String holder(int port) {
    if (onPath("ss") == null) return "";
    try {
      Process ss = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port).redirectErrorStream(true).start();
      ss.getOutputStream().close();
      String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      ss.waitFor(5, TimeUnit.SECONDS);
      int users = out.indexOf("users:");
      return users < 0 ? "" : out.substring(users);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  static Path onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) return candidate;
    }
    return null;
  }
}
