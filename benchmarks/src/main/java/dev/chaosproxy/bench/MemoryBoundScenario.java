package dev.chaosproxy.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine-wide memory budget under a flood: 200 echo connections writing as fast as they can
 * through 1 s of latency each way, the proxy in its own JVM at -Xmx128m with its control API.
 * Checks that it stays alive, that {@code GET /version} stays quick, and that every byte comes back
 * in order; reports the throughput and the heap's peak.
 */
final class MemoryBoundScenario extends Scenario {
  static final int CONNECTIONS = 200;
  static final int LATENCY_MS = 1000;

  @Override
  String name() {
    return "memory";
  }

  @Override
  String description() {
    return CONNECTIONS
        + " echo connections flooding through "
        + LATENCY_MS
        + " ms latency both ways, chaos-proxy at -Xmx128m:"
        + " alive, /version p99, bytes intact, throughput, peak heap";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    String title =
        CONNECTIONS
            + " flooding connections through "
            + LATENCY_MS
            + " ms latency both ways (-Xmx128m)";
    Report.Row alive =
        ctx.report.row(title, "proxy alive, bytes intact (echoed in order)").goal("yes");
    Report.Row version =
        ctx.report
            .row(title, "GET /version during the load, p50 / p99 / max (ms)")
            .goal("p99 < 100 ms");
    Report.Row thr = ctx.report.row(title, "echoed throughput (MB/s)").goal("(for context)");
    Report.Row heap =
        ctx.report
            .row(title, "heap: most in use after any GC; most sampled in use / memory budget (MiB)")
            .goal("(for context)");
    for (Report.Row r : new Report.Row[] {alive, version, thr, heap}) {
      r.set(Report.DIRECT, "n/a").set(Report.HAPROXY, "n/a").set(Report.SOCAT, "n/a");
    }
    Upstream upstream = ctx.upstream();
    Duration load = ctx.settings.quick ? Duration.ofSeconds(4) : Duration.ofSeconds(10);
    List<String> jvm = new ArrayList<>(List.of("-Xmx128m"));
    String extra = System.getenv("BENCH_CHAOS_JVM_OPTS");
    if (extra != null && !extra.isBlank()) jvm.addAll(List.of(extra.trim().split("\\s+")));
    ChildProcess p =
        ChildProcess.start(
            "chaos-proxy-memory",
            ChildProcess.javaCommand(
                jvm,
                BenchProxy.class.getName(),
                List.of(
                    "--listen",
                    "127.0.0.1:0",
                    "--upstream",
                    "127.0.0.1:" + upstream.port(RunContext.PORT_IN_PROCESS),
                    "--event-loops",
                    "2",
                    "--latency-ms",
                    Integer.toString(LATENCY_MS),
                    "--latency-direction",
                    "both",
                    "--api")),
            ctx.logDir,
            true);
    try {
      String ready = p.awaitLine("READY", Duration.ofSeconds(20));
      InetSocketAddress proxy =
          new InetSocketAddress(
              "127.0.0.1", Integer.parseInt(ready.replaceAll(".*port=(\\d+).*", "$1")));
      URI versionUri =
          URI.create("http://127.0.0.1:" + ready.replaceAll(".*api=(\\d+).*", "$1") + "/version");
      p.command("peak-reset", "OK", Duration.ofSeconds(10));
      ctx.log(
          "memory: "
              + CONNECTIONS
              + " connections, "
              + load.toSeconds()
              + " s of writing through "
              + LATENCY_MS
              + " ms each way");

      AtomicBoolean stopWriting = new AtomicBoolean();
      AtomicBoolean stopProbe = new AtomicBoolean();
      AtomicLong echoed = new AtomicLong();
      List<String> errors = new CopyOnWriteArrayList<>();
      ConcurrentLinkedQueue<Long> versionNanos = new ConcurrentLinkedQueue<>();
      List<String> versionErrors = new CopyOnWriteArrayList<>();
      List<Thread> threads = new ArrayList<>();
      try (SocketRegistry sockets = new SocketRegistry()) {
        long start = System.nanoTime();
        for (int i = 0; i < CONNECTIONS; i++) {
          SocketChannel ch = LoadGenerator.open(proxy, Protocol.ECHO, sockets);
          long seed = i;
          AtomicLong sent = new AtomicLong(-1);
          threads.add(thread("writer-" + i, () -> write(ch, seed, stopWriting, sent)));
          threads.add(thread("reader-" + i, () -> read(ch, seed, sent, echoed)));
        }
        Thread probe =
            new Thread(
                () -> probe(versionUri, stopProbe, versionNanos, versionErrors), "version-probe");
        probe.start();
        sleep(load);
        stopWriting.set(true);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (Thread t : threads) t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        double secs = (System.nanoTime() - start) / 1e9;
        stopProbe.set(true);
        probe.join();
        for (Thread t : threads) {
          if (t.isAlive()) errors.add(t.getName() + " still running after 120 s");
        }
        errors.addAll(FAILURES);
        thr.set(Report.CHAOS, Stats.mbps(echoed.get() / secs));
      }
      boolean up = p.isAlive();
      boolean intact = errors.isEmpty();
      alive.set(
          Report.CHAOS,
          (up ? "alive" : "DIED")
              + ", "
              + (intact
                  ? "all " + Stats.fmt("%,d", echoed.get()) + " B intact"
                  : errors.size() + " errors"));
      if (!intact) ctx.report.note("memory: first error: " + errors.get(0));
      alive.met(up && intact);
      long[] v = versionNanos.stream().mapToLong(Long::longValue).toArray();
      if (v.length > 0) {
        double p99 = Stats.percentile(v, 99) / 1e6;
        version.set(
            Report.CHAOS,
            Stats.fmt(
                "%.1f / %.1f / %.1f (%d calls)",
                Stats.percentile(v, 50) / 1e6,
                p99,
                java.util.Arrays.stream(v).max().getAsLong() / 1e6,
                v.length));
        version.met(versionErrors.isEmpty() && p99 < 100);
      } else {
        version.set(Report.CHAOS, "FAILED").met(false);
      }
      if (!versionErrors.isEmpty())
        ctx.report.note(
            "memory: /version failed "
                + versionErrors.size()
                + " times; first: "
                + versionErrors.get(0));
      if (up) {
        String peak = p.command("peak", "PEAK", Duration.ofSeconds(10));
        long used = Long.parseLong(peak.replaceAll(".*used=(\\d+).*", "$1"));
        long afterGc = Long.parseLong(peak.replaceAll(".*afterGc=(\\d+).*", "$1"));
        long budget = Long.parseLong(peak.replaceAll(".*budget=(\\d+).*", "$1"));
        heap.set(
            Report.CHAOS,
            Stats.mib(afterGc)
                + " after GC; "
                + Stats.mib(used)
                + " sampled / "
                + Stats.mib(budget));
      }
    } finally {
      FAILURES.clear();
      p.close();
    }
  }

  private static final List<String> FAILURES = new CopyOnWriteArrayList<>();

  private static Thread thread(String name, ThrowingRunnable r) {
    Thread t =
        new Thread(
            () -> {
              try {
                r.run();
              } catch (Exception e) {
                FAILURES.add(name + ": " + e);
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * Writes a seeded random stream until told to stop, then half-closes; {@code sent} gets the
   * count.
   */
  private static void write(SocketChannel ch, long seed, AtomicBoolean stop, AtomicLong sent)
      throws Exception {
    Random r = new Random(seed);
    byte[] bytes = new byte[16 * 1024];
    long n = 0;
    while (!stop.get()) {
      r.nextBytes(bytes);
      LoadGenerator.writeFully(ch, ByteBuffer.wrap(bytes));
      n += bytes.length;
    }
    sent.set(n);
    ch.shutdownOutput();
  }

  /** Reads the echo to its end and checks it against the same seeded stream. */
  private static void read(SocketChannel ch, long seed, AtomicLong sent, AtomicLong echoed)
      throws Exception {
    Random r = new Random(seed);
    byte[] expected = new byte[16 * 1024];
    int expectedPos = expected.length;
    ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    long got = 0;
    while (true) {
      in.clear();
      int n = ch.read(in);
      if (n < 0) break;
      for (int i = 0; i < n; i++) {
        if (expectedPos == expected.length) {
          r.nextBytes(expected);
          expectedPos = 0;
        }
        if (in.get(i) != expected[expectedPos++])
          throw new IllegalStateException("stream " + seed + " differs at byte " + (got + i));
      }
      got += n;
      echoed.addAndGet(n);
    }
    if (got != sent.get())
      throw new IllegalStateException(
          "stream " + seed + ": sent " + sent.get() + " B, echoed " + got + " B");
  }

  private static void probe(
      URI uri, AtomicBoolean stop, ConcurrentLinkedQueue<Long> nanos, List<String> errors) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    while (!stop.get()) {
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) errors.add("status " + r.statusCode());
        nanos.add(System.nanoTime() - t0);
      } catch (Exception e) {
        errors.add(e.toString());
      }
      try {
        Thread.sleep(50); // pacing the probe
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
