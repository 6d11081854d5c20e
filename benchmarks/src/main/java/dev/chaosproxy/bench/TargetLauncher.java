package dev.chaosproxy.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Starts the targets: direct, chaos-proxy (own JVM), HAProxy and socat, each in front of its own
 * upstream port.
 */
final class TargetLauncher {
  private static final String LOOPBACK = "127.0.0.1";

  private TargetLauncher() {}

  static Target direct(int upstreamPort) {
    return Target.running(Report.DIRECT, new InetSocketAddress(LOOPBACK, upstreamPort), null);
  }

  /** {@link BenchProxy} with -Xmx128m: 2 event loops, one proxy. */
  static Target chaosProxy(int upstreamPort, Path logDir) {
    return chaosProxy(Report.CHAOS, "chaos-proxy", upstreamPort, List.of(), logDir, ECHO_PROBE);
  }

  /**
   * {@link BenchProxy} as target {@code name}, its log {@code process}.log, with more {@code
   * proxyArgs} (e.g. {@code --http}); ready when {@code probe} passes through it.
   */
  static Target chaosProxy(
      String name,
      String process,
      int upstreamPort,
      List<String> proxyArgs,
      Path logDir,
      Probe probe) {
    ChildProcess p = null;
    try {
      List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx128m"));
      // e.g. BENCH_CHAOS_JVM_OPTS="-XX:StartFlightRecording=filename=/tmp/chaos.jfr" bench/run cps;
      // {name} becomes the process's name, for one recording per process (bench/run http)
      String extra = System.getenv("BENCH_CHAOS_JVM_OPTS");
      if (extra != null && !extra.isBlank())
        jvm.addAll(List.of(extra.trim().replace("{name}", process).split("\\s+")));
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "--listen",
                  LOOPBACK + ":0",
                  "--upstream",
                  LOOPBACK + ":" + upstreamPort,
                  "--event-loops",
                  "2"));
      args.addAll(proxyArgs);
      p =
          ChildProcess.start(
              process,
              ChildProcess.javaCommand(jvm, BenchProxy.class.getName(), args),
              logDir,
              true);
      String ready = p.awaitLine("READY", Duration.ofSeconds(20));
      int port = Integer.parseInt(ready.replaceAll(".*port=(\\d+).*", "$1"));
      InetSocketAddress a = new InetSocketAddress(LOOPBACK, port);
      probe(a, p, probe);
      return Target.running(name, a, p);
    } catch (IOException | RuntimeException e) {
      if (p != null) p.close();
      return Target.failed(name, e.getMessage());
    }
  }

  /** HAProxy in TCP mode, 2 threads, generous timeouts and maxconn, in the foreground (-db). */
  static Target haproxy(int upstreamPort, int maxconn, Path logDir) {
    return haproxy(Report.HAPROXY, "haproxy", "tcp", upstreamPort, maxconn, logDir, ECHO_PROBE);
  }

  /**
   * HAProxy as target {@code name} in {@code mode} ({@code tcp} or {@code http}), its config and
   * log {@code process}.cfg/.log; otherwise as {@link #haproxy(int, int, Path)}.
   */
  static Target haproxy(
      String name,
      String process,
      String mode,
      int upstreamPort,
      int maxconn,
      Path logDir,
      Probe probe) {
    ChildProcess p = null;
    try {
      int port = freePort();
      // e.g. BENCH_HAPROXY_GLOBAL="tune.bufsize 65536" to see how much HAProxy's defaults matter
      String extra = System.getenv("BENCH_HAPROXY_GLOBAL");
      String cfg =
          String.join(
              "\n",
              "global",
              "  nbthread 2",
              "  maxconn " + maxconn,
              extra == null || extra.isBlank() ? "" : "  " + extra.trim().replace(";", "\n  "),
              "",
              "defaults",
              "  mode " + mode,
              "  maxconn " + maxconn,
              "  timeout connect 5s",
              "  timeout client 10m",
              "  timeout server 10m",
              "",
              "listen bench",
              "  bind " + LOOPBACK + ":" + port,
              "  server upstream " + LOOPBACK + ":" + upstreamPort,
              "");
      Path file = logDir.resolve(process + ".cfg");
      Files.writeString(file, cfg, StandardCharsets.UTF_8);
      p =
          ChildProcess.start(
              process, List.of("haproxy", "-db", "-f", file.toString()), logDir, false);
      InetSocketAddress a = new InetSocketAddress(LOOPBACK, port);
      probe(a, p, probe);
      return Target.running(name, a, p);
    } catch (IOException | RuntimeException e) {
      if (p != null) p.close();
      return Target.failed(name, e.getMessage());
    }
  }

  /** socat forking a child per connection. */
  static Target socat(int upstreamPort, Path logDir) {
    ChildProcess p = null;
    try {
      int port = freePort();
      p =
          ChildProcess.start(
              "socat",
              List.of(
                  "socat",
                  "TCP-LISTEN:" + port + ",bind=" + LOOPBACK + ",fork,reuseaddr,backlog=4096",
                  "TCP:" + LOOPBACK + ":" + upstreamPort),
              logDir,
              false);
      InetSocketAddress a = new InetSocketAddress(LOOPBACK, port);
      probe(a, p);
      return Target.running(Report.SOCAT, a, p);
    } catch (IOException | RuntimeException e) {
      if (p != null) p.close();
      return Target.failed(Report.SOCAT, e.getMessage());
    }
  }

  /** A free loopback port (bound and released; the small race is acceptable here). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort();
    }
  }

  /** One attempt to pass something through a target that just started. */
  interface Probe {
    void once(InetSocketAddress a) throws IOException;
  }

  /** An echo round trip, through a target in front of {@link UpstreamServer}. */
  static final Probe ECHO_PROBE =
      a -> {
        try (SocketRegistry sockets = new SocketRegistry()) {
          SocketChannel ch = LoadGenerator.open(a, Protocol.ECHO, sockets);
          LoadGenerator.writeFully(ch, ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
          ByteBuffer in = ByteBuffer.allocate(4);
          LoadGenerator.readFully(ch, in);
        }
      };

  /** Waits until an echo round trip through {@code a} works. */
  static void probe(InetSocketAddress a, ChildProcess p) throws IOException {
    probe(a, p, ECHO_PROBE);
  }

  /** Waits until {@code probe} passes through {@code a}. */
  static void probe(InetSocketAddress a, ChildProcess p, Probe probe) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    IOException last = null;
    while (System.nanoTime() - deadline < 0) {
      if (p != null && !p.isAlive())
        throw new IOException(p.name + " exited at start (log: " + p.log + ")" + p.tail());
      try {
        probe.once(a);
        return;
      } catch (IOException e) {
        last = e;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    throw new IOException(
        (p == null ? a.toString() : p.name)
            + " did not pass the probe within 15 s: "
            + last
            + (p == null ? "" : " (log: " + p.log + ")" + p.tail()));
  }
}
