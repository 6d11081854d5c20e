package dev.chaosproxy.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scenarios share: settings, the report, the upstream server JVM and the targets, which
 * are started on first use (a run of one in-process scenario starts no proxy processes).
 */
final class RunContext implements AutoCloseable {
  /** Upstream ports: one per target, and one for the in-process engine. */
  static final int PORT_DIRECT = 0;

  static final int PORT_CHAOS = 1;
  static final int PORT_HAPROXY = 2;
  static final int PORT_SOCAT = 3;
  static final int PORT_IN_PROCESS = 4;

  final BenchSettings settings;
  final Report report;
  final Path logDir;
  final int fdLimit;
  private Upstream upstream;
  private List<Target> targets;

  RunContext(BenchSettings settings, Report report, Path logDir, int fdLimit) {
    this.settings = settings;
    this.report = report;
    this.logDir = logDir;
    this.fdLimit = fdLimit;
  }

  /** Idle connections to hold: a proxy needs 2 descriptors per connection, keep 300 spare. */
  int idleCount() {
    return Math.max(1, Math.min(settings.idleMax, (fdLimit - 300) / 2));
  }

  synchronized Upstream upstream() throws IOException {
    if (upstream == null) {
      log("starting the upstream server JVM");
      upstream = Upstream.start(5, logDir);
    }
    return upstream;
  }

  synchronized List<Target> targets() throws IOException {
    if (targets == null) {
      Upstream u = upstream();
      List<Target> list = new ArrayList<>();
      list.add(TargetLauncher.direct(u.port(PORT_DIRECT)));
      log("starting chaos-proxy (own JVM, -Xmx128m, 2 event loops)");
      list.add(TargetLauncher.chaosProxy(u.port(PORT_CHAOS), logDir));
      log("starting HAProxy");
      list.add(
          TargetLauncher.haproxy(u.port(PORT_HAPROXY), Math.min(10_050, idleCount() + 50), logDir));
      log("starting socat");
      list.add(TargetLauncher.socat(u.port(PORT_SOCAT), logDir));
      for (Target t : list) {
        log("  " + t);
        if (!t.available()) report.note(t.name + " could not be started: " + t.unavailable);
      }
      for (Target t : list) warmUp(t, u);
      targets = list;
    }
    return targets;
  }

  /**
   * The same short mix of traffic through every target before anything is measured, so that the
   * JVMs (chaos-proxy's, the upstream's, this one) have compiled their hot paths.
   */
  private void warmUp(Target t, Upstream u) {
    if (!t.available()) return;
    log("warming up " + t.name);
    try {
      Watchdog.guarded(
          java.time.Duration.ofSeconds(60),
          sockets -> LoadGenerator.pingPong(t.address, 0, settings.warmupPings, 64, sockets));
      BulkMeasure.upload(u, t.address, 2, settings.warmupEach, java.time.Duration.ofMillis(100));
      BulkMeasure.download(t.address, 2, settings.warmupEach, java.time.Duration.ofMillis(100));
      Watchdog.guarded(
          settings.warmupEach.plusSeconds(30),
          sockets -> {
            try (LoadGenerator.ConnectLoop loop =
                LoadGenerator.ConnectLoop.start(t.address, settings.connectThreads, sockets)) {
              Scenario.sleep(settings.warmupEach);
              if (loop.completed.get() == 0)
                throw new IllegalStateException(
                    "no connection completed: " + loop.firstError.get());
            }
            return null;
          });
    } catch (Exception e) {
      report.note("Warming up " + t.name + " FAILED: " + e);
      log("  warm-up of " + t.name + " FAILED: " + e);
    }
  }

  Target target(String name) throws IOException {
    for (Target t : targets()) {
      if (t.name.equals(name)) return t;
    }
    throw new IllegalArgumentException("no target " + name);
  }

  void log(String message) {
    System.err.println(
        "[" + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + message);
  }

  @Override
  public synchronized void close() {
    if (targets != null) {
      for (Target t : targets) t.close(report);
    }
    if (upstream != null) upstream.close();
  }
}
