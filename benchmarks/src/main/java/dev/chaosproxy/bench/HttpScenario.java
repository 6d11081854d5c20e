package dev.chaosproxy.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What following HTTP/1.1 costs (issue 15): the same keep-alive HTTP traffic direct to an HTTP
 * upstream ({@link HttpUpstreamServer}), through chaos-proxy as a TCP proxy, as an HTTP proxy with
 * no HTTP fault, as an HTTP proxy with a fault no request matches (the path that holds each head to
 * match it), and through HAProxy in {@code mode tcp} and {@code mode http}. Each target has its own
 * process and its own upstream port; the client is {@link HttpWire} (raw socket, own parser).
 *
 * <p>Measures the small request/response round trip (p50/p99 over rounds that alternate the order
 * of the targets, as {@link RequestResponseScenario} does) and the throughput of one big body on
 * one connection, with {@code Content-Length} and chunked.
 */
final class HttpScenario extends Scenario {
  static final String DIRECT = "direct";
  static final String TCP = "TCP proxy";
  static final String HTTP = "HTTP proxy";
  static final String HTTP_FAULT = "HTTP proxy, unmatched fault";
  static final String HAPROXY_TCP = "HAProxy tcp";
  static final String HAPROXY_HTTP = "HAProxy http";
  static final List<String> COLUMNS =
      List.of(DIRECT, TCP, HTTP, HTTP_FAULT, HAPROXY_TCP, HAPROXY_HTTP);

  /** The log names of this scenario's processes (their warnings go to the notes). */
  static final List<String> PROCESSES =
      List.of(
          "http-upstream",
          "http-chaos-tcp",
          "http-chaos-http",
          "http-chaos-http-fault",
          "http-haproxy-tcp",
          "http-haproxy-http");

  private static final ByteBuffer SMALL = HttpWire.get("/small");

  @Override
  String name() {
    return "http";
  }

  @Override
  String description() {
    return "HTTP/1.1 through chaos-proxy as TCP and as HTTP proxy (no fault / an unmatched fault), HAProxy tcp/http: small GET p50/p99 (µs), one big body (MB/s)";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    BenchSettings s = ctx.settings;
    ctx.log("http: starting the HTTP upstream JVM and the targets");
    try (ChildProcess upstream = startUpstream(ctx.logDir)) {
      List<Integer> ports = ports(upstream.awaitLine("READY", Duration.ofSeconds(20)));
      List<Target> targets = startTargets(ctx, ports);
      try {
        measure(ctx, s, targets, upstream);
      } finally {
        for (Target t : targets) t.close(ctx.report);
      }
    }
  }

  private static ChildProcess startUpstream(Path logDir) throws IOException {
    return ChildProcess.start(
        "http-upstream",
        ChildProcess.javaCommand(
            List.of("-Xms128m", "-Xmx256m"),
            HttpUpstreamServer.class.getName(),
            List.of("--ports", Integer.toString(COLUMNS.size()))),
        logDir,
        true);
  }

  private static List<Integer> ports(String ready) {
    List<Integer> ports = new ArrayList<>();
    for (String w : ready.split("\\s+")) {
      if (w.startsWith("ports=")) {
        for (String p : w.substring(6).split(",")) ports.add(Integer.parseInt(p));
      }
    }
    return ports;
  }

  private static List<Target> startTargets(RunContext ctx, List<Integer> ports) {
    Path logs = ctx.logDir;
    List<Target> list = new ArrayList<>();
    InetSocketAddress direct = new InetSocketAddress("127.0.0.1", ports.get(0));
    try {
      TargetLauncher.probe(direct, null, HttpScenario::probe);
      list.add(Target.running(DIRECT, direct, null));
    } catch (IOException e) {
      list.add(Target.failed(DIRECT, e.getMessage()));
    }
    list.add(
        TargetLauncher.chaosProxy(
            TCP, "http-chaos-tcp", ports.get(1), List.of(), logs, HttpScenario::probe));
    list.add(
        TargetLauncher.chaosProxy(
            HTTP, "http-chaos-http", ports.get(2), List.of("--http"), logs, HttpScenario::probe));
    list.add(
        TargetLauncher.chaosProxy(
            HTTP_FAULT,
            "http-chaos-http-fault",
            ports.get(3),
            List.of("--http", "--http-unmatched-fault"),
            logs,
            HttpScenario::probe));
    list.add(
        TargetLauncher.haproxy(
            HAPROXY_TCP, "http-haproxy-tcp", "tcp", ports.get(4), 100, logs, HttpScenario::probe));
    list.add(
        TargetLauncher.haproxy(
            HAPROXY_HTTP,
            "http-haproxy-http",
            "http",
            ports.get(5),
            100,
            logs,
            HttpScenario::probe));
    for (Target t : list) {
      ctx.log("  " + t);
      if (!t.available())
        ctx.report.note("http: " + t.name + " could not be started: " + t.unavailable);
    }
    return list;
  }

  /** One small GET through {@code a}. */
  static void probe(InetSocketAddress a) throws IOException {
    try (SocketRegistry sockets = new SocketRegistry();
        HttpWire w = HttpWire.open(a, sockets)) {
      w.exchange(SMALL, HttpUpstreamServer.SMALL_BODY);
    }
  }

  private void measure(RunContext ctx, BenchSettings s, List<Target> targets, ChildProcess upstream)
      throws Exception {
    int perRound = s.pingCount / s.pingRounds;
    String size =
        s.httpBulkBytes % (1 << 20) == 0
            ? (s.httpBulkBytes >> 20) + " MiB"
            : s.httpBulkBytes + " B";
    Report.Table table =
        ctx.report.table(
            "HTTP/1.1 proxying (issue 15): chaos-proxy as TCP proxy and as HTTP proxy, one keep-alive connection",
            COLUMNS);
    String rtTitle =
        "HTTP GET /small (100 B body), 1 keep-alive connection ("
            + String.format("%,d", perRound * s.pingRounds)
            + " round trips"
            + (s.pingRounds > 1 ? " in " + s.pingRounds + " rounds" : "")
            + ")";
    Report.Row p50 = table.row(rtTitle, "p50 (µs)").goal("≤ 1.5 × TCP proxy p50");
    Report.Row p99 = table.row(rtTitle, "p99 (µs)").goal("(for context)");
    String rounds = s.httpBulkRounds > 1 ? ", mean (rounds)" : "";
    Report.Row clRow =
        table
            .row("HTTP body, " + size + ", Content-Length, 1 connection", "MB/s" + rounds)
            .goal("≥ 0.5 × TCP proxy MB/s");
    Report.Row chunkedRow =
        table
            .row(
                "HTTP body, "
                    + size
                    + ", chunked ("
                    + s.httpChunk / 1024
                    + " KiB chunks), 1 connection",
                "MB/s" + rounds)
            .goal("≥ 0.5 × TCP proxy MB/s");
    Report.Row cpuRow =
        table
            .row("HTTP body, Content-Length and chunked", "proxy CPU, % of one core")
            .goal("(for context)");
    cpuRow.set(DIRECT, "n/a");

    for (Target t : targets) warmUp(ctx, s, t);

    // small round trips, rounds alternating the order of the targets
    Map<String, String> failures = new HashMap<>();
    Map<String, List<long[]>> samples =
        Rounds.takeGuarded(
            ctx,
            "http small GET",
            targets,
            s.pingRounds,
            failures,
            (t, sockets) -> roundTrips(t.address, s.pingWarmup, perRound, sockets));
    Map<String, Double> v50 = Rounds.percentiles(ctx, targets, samples, failures, p50, p99);
    judge(p50, v50, (v, tcp) -> v / tcp, r -> r <= 1.5);

    // one big body per transfer, Content-Length then chunked, rounds alternating the order
    ByteBuffer clRequest = HttpWire.get("/bulk?n=" + s.httpBulkBytes);
    ByteBuffer chunkedRequest =
        HttpWire.get("/chunked?n=" + s.httpBulkBytes + "&chunk=" + s.httpChunk);
    Map<String, long[]> cpu = new HashMap<>(); // cpu ns, wall ns
    Map<String, String> bulkFailures = new HashMap<>();
    Map<String, List<double[]>> rates = // Content-Length, chunked
        Rounds.take(
            ctx,
            "http body",
            targets,
            s.httpBulkRounds,
            bulkFailures,
            t -> {
              long[] c = cpu.computeIfAbsent(t.name, k -> new long[2]);
              return new double[] {
                transfer(t, clRequest, s.httpBulkBytes, c),
                transfer(t, chunkedRequest, s.httpBulkBytes, c)
              };
            });
    Map<String, List<Double>> cl = new HashMap<>();
    Map<String, List<Double>> chunked = new HashMap<>();
    rates.forEach(
        (name, rs) ->
            rs.forEach(
                r -> {
                  cl.computeIfAbsent(name, k -> new ArrayList<>()).add(r[0]);
                  chunked.computeIfAbsent(name, k -> new ArrayList<>()).add(r[1]);
                }));
    Map<String, Double> clMeans = Rounds.means(ctx, clRow, targets, cl, bulkFailures);
    Map<String, Double> chunkedMeans =
        Rounds.means(ctx, chunkedRow, targets, chunked, bulkFailures);
    judge(clRow, clMeans, (v, tcp) -> v / tcp, r -> r >= 0.5);
    judge(chunkedRow, chunkedMeans, (v, tcp) -> v / tcp, r -> r >= 0.5);
    for (Target t : targets) {
      if (t.process == null || !cpu.containsKey(t.name)) continue;
      long[] c = cpu.get(t.name);
      cpuRow.set(t.name, c[0] < 0 ? "?" : Stats.fmt("%.0f %%", 100.0 * c[0] / c[1]));
    }

    checkHttpCounts(ctx, targets, upstream);
  }

  /** The same warm-up for every target: small GETs, then a few big bodies of both framings. */
  private static void warmUp(RunContext ctx, BenchSettings s, Target t) {
    if (!t.available()) return;
    ctx.log("http: warming up " + t.name);
    try {
      Watchdog.guarded(
          Duration.ofSeconds(120), sockets -> roundTrips(t.address, 0, 3 * s.pingWarmup, sockets));
      long n = Math.min(s.httpBulkBytes, 32L << 20);
      long[] ignored = new long[2];
      for (int i = 0; i < 2; i++) {
        transfer(t, HttpWire.get("/bulk?n=" + n), n, ignored);
        transfer(t, HttpWire.get("/chunked?n=" + n + "&chunk=" + s.httpChunk), n, ignored);
      }
    } catch (Exception e) {
      ctx.report.note("http: warming up " + t.name + " FAILED: " + e);
      ctx.log("  warm-up of " + t.name + " FAILED: " + e);
    }
  }

  /** Round-trip times (ns) of {@code count} small GETs after {@code warmup}, on one connection. */
  private static long[] roundTrips(
      InetSocketAddress address, int warmup, int count, SocketRegistry sockets) throws IOException {
    try (HttpWire w = HttpWire.open(address, sockets)) {
      long[] rtts = new long[count];
      for (int i = 0; i < warmup + count; i++) {
        long t0 = System.nanoTime();
        w.exchange(SMALL, HttpUpstreamServer.SMALL_BODY);
        long t1 = System.nanoTime();
        if (i >= warmup) rtts[i - warmup] = t1 - t0;
      }
      return rtts;
    }
  }

  /**
   * One GET of a {@code bytes}-byte body on a new connection: bytes per second from writing the
   * request to the last body byte; adds the proxy's CPU and the wall time to {@code cpu}.
   */
  private static double transfer(Target t, ByteBuffer request, long bytes, long[] cpu)
      throws Exception {
    return Watchdog.guarded(
        Duration.ofSeconds(120),
        sockets -> {
          try (HttpWire w = HttpWire.open(t.address, sockets)) {
            long c0 = BulkMeasure.cpu(t.process);
            long t0 = System.nanoTime();
            long got = w.exchange(request, null);
            long t1 = System.nanoTime();
            long c1 = BulkMeasure.cpu(t.process);
            if (got != bytes)
              throw new IOException("got a " + got + "-byte body, expected " + bytes);
            if (c0 < 0 || c1 < 0 || cpu[0] < 0) cpu[0] = -1;
            else cpu[0] += c1 - c0;
            cpu[1] += t1 - t0;
            return bytes * 1e9 / (t1 - t0);
          }
        });
  }

  /**
   * Met when both HTTP columns meet {@code ok} of their {@code ratio} to the TCP proxy; the detail
   * gives both ratios (and HAProxy's http/tcp for reference).
   */
  private static void judge(
      Report.Row row,
      Map<String, Double> values,
      java.util.function.BinaryOperator<Double> ratio,
      java.util.function.Predicate<Double> ok) {
    Double tcp = values.get(TCP);
    Double http = values.get(HTTP);
    Double fault = values.get(HTTP_FAULT);
    if (http == null || fault == null) {
      row.met(false, "an HTTP proxy measurement failed");
      return;
    }
    if (tcp == null) {
      row.met(null);
      return;
    }
    double rh = ratio.apply(http, tcp);
    double rf = ratio.apply(fault, tcp);
    Double hh = values.get(HAPROXY_HTTP);
    Double ht = values.get(HAPROXY_TCP);
    row.met(
        ok.test(rh) && ok.test(rf),
        Stats.fmt("%.2f × (no fault), %.2f × (unmatched fault)", rh, rf)
            + (hh != null && ht != null
                ? Stats.fmt("; HAProxy http/tcp %.2f ×", ratio.apply(hh, ht))
                : ""));
  }

  /**
   * That the HTTP proxies really followed HTTP (requests counted, no connection given up as raw)
   * and that the unmatched fault never acted: a note either way.
   */
  private static void checkHttpCounts(RunContext ctx, List<Target> targets, ChildProcess upstream) {
    StringBuilder sb = new StringBuilder("http: ");
    try {
      sb.append("the upstream answered ")
          .append(
              upstream
                  .command("requests", "REQUESTS", Duration.ofSeconds(5))
                  .replaceAll("REQUESTS (\\d+).*", "$1"))
          .append(" requests");
    } catch (RuntimeException e) {
      sb.append("the upstream's count failed (").append(e.getMessage()).append(')');
    }
    for (Target t : targets) {
      if (!t.available() || !(t.name.equals(HTTP) || t.name.equals(HTTP_FAULT))) continue;
      try {
        String h = t.process.command("http", "HTTP", Duration.ofSeconds(5));
        sb.append("; ").append(t.name).append(": ").append(h.substring(5));
        if (h.contains(" raw=0 ") && h.endsWith(" faulted=0")) continue;
        ctx.report.note(
            "**http: " + t.name + " gave up on HTTP or a fault acted (FAILED check):** " + h);
      } catch (RuntimeException e) {
        sb.append("; ")
            .append(t.name)
            .append(": metrics failed (")
            .append(e.getMessage())
            .append(')');
      }
    }
    ctx.report.note(
        sb
            + ". Bodies of "
            + ctx.settings.httpBulkBytes
            + " B per transfer, each on a new connection, timed from the request's write to the last body byte; the"
            + " upstream is its own JVM (blocking, a thread per connection), the client parses the answers itself.");
  }
}
