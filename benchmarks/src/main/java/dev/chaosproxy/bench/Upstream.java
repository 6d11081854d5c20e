package dev.chaosproxy.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link UpstreamServer} JVM. It listens on one port per target, so that each target's upstream
 * connections (and their TIME_WAIT entries) do not collide with another's.
 */
final class Upstream implements AutoCloseable {
  private final ChildProcess process;
  private final List<Integer> ports = new ArrayList<>();

  private Upstream(ChildProcess process, String ready) {
    this.process = process;
    for (String w : ready.split("\\s+")) {
      if (w.startsWith("ports=")) {
        for (String p : w.substring(6).split(",")) ports.add(Integer.parseInt(p));
      }
    }
  }

  static Upstream start(int portCount, Path logDir) throws IOException {
    ChildProcess p =
        ChildProcess.start(
            "upstream",
            ChildProcess.javaCommand(
                List.of("-Xms256m", "-Xmx512m"),
                UpstreamServer.class.getName(),
                List.of("--ports", Integer.toString(portCount), "--loops", "2")),
            logDir,
            true);
    try {
      return new Upstream(p, p.awaitLine("READY", Duration.ofSeconds(20)));
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  int port(int index) {
    return ports.get(index);
  }

  /** Total bytes the sink connections have received so far (receiver-side upload counter). */
  long sunkBytes() {
    String reply = process.command("bytes", "BYTES", Duration.ofSeconds(5));
    return Long.parseLong(reply.substring("BYTES ".length()).trim());
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.close();
  }
}
