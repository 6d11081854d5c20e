package dev.chaosproxy.bench;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.ProxyControl;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * In-process: how long control API calls take, idle and while four connections push data
 * through the very toxics the calls keep changing (Toxiproxy's API is known to hang there).
 */
final class ApiLatencyScenario extends Scenario {
  @Override
  String name() {
    return "api";
  }

  @Override
  String description() {
    return "REST control API call latency, idle and under 4 streams through toxics being changed, p50/p99 (µs)";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    int calls = ctx.settings.quick ? 400 : 4_000;
    String upstream = "127.0.0.1:" + ctx.upstream().port(RunContext.PORT_IN_PROCESS);
    String title = "REST API call (PUT toxics, PATCH toxic, GET connections, GET metrics; " + String.format("%,d", calls) + " calls)";
    Report.Row idle = ctx.report.row(title, "idle: p50 / p99 µs").goal("(for context)");
    Report.Row busy = ctx.report.row(title, "4 streams through the changing toxics: p50 / p99 / max µs").goal("no call waits on traffic");
    Report.Row starved = ctx.report.row(title, "300 clients holding half-sent requests: p50 / p99 / max µs")
        .goal("p99 within 2 ms of idle");
    for (Report.Row r : new Report.Row[] {idle, busy, starved}) {
      r.set(Report.DIRECT, "n/a").set(Report.HAPROXY, "n/a").set(Report.SOCAT, "n/a");
    }
    try (ChaosEngine engine = ChaosEngine.builder().eventLoops(2).build();
        ControlServer server = ControlServer.builder(engine).start()) {
      ProxyControl proxy = engine.newProxy("api-bench").upstream(upstream).start();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      URI base = server.uri();
      SplittableRandom r = new SplittableRandom(1);
      call(http, base, r, 0); // the toxics the PATCH changes exist from the start
      for (int i = 0; i < calls / 4; i++) call(http, base, r, i); // warm-up
      long[] quiet = measure(http, base, r, calls);
      idle.set(Report.CHAOS, Stats.micros(Stats.percentile(quiet, 50)) + " / " + Stats.micros(Stats.percentile(quiet, 99)));

      AtomicBoolean done = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> {
          try (Socket s = new Socket(proxy.host(), proxy.port())) {
            OutputStream out = s.getOutputStream();
            out.write(Protocol.SINK);
            byte[] block = new byte[64 * 1024];
            while (!done.get()) out.write(block);
          } catch (java.io.IOException e) {
            if (!done.get()) ctx.log("api: a writer failed: " + e);
          }
        }, "api-bench-writer-" + i);
        t.setDaemon(true);
        t.start();
        writers.add(t);
      }
      proxy.awaitConnections(4, Duration.ofSeconds(10));
      long bytesBefore = proxy.metrics().bytesUpstream();
      long[] loaded = measure(http, base, r, calls);
      long moved = proxy.metrics().bytesUpstream() - bytesBefore;
      done.set(true);
      proxy.killAll("benchmark over");
      for (Thread t : writers) t.join(10_000);
      if (moved <= 0) throw new IllegalStateException("no bytes moved while the API was measured");
      busy.set(Report.CHAOS, Stats.micros(Stats.percentile(loaded, 50)) + " / " + Stats.micros(Stats.percentile(loaded, 99))
          + " / " + Stats.micros(Stats.percentile(loaded, 100)));
      busy.met(Stats.percentile(loaded, 100) < 1_000_000_000L);
      ctx.report.note("api: " + Stats.mib(moved) + " MiB went through the proxy while the " + calls
          + " loaded calls ran (bandwidth 5-50 MB/s and latency 0-20 ms per direction, changed by the calls).");

      // Slow clients: each holds a connection with a request it never finishes (a byte, or
      // headers without their body), as a careless or hostile client would.
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 300; i++) {
          Socket s = new Socket(server.address().getAddress(), server.address().getPort());
          s.getOutputStream().write((i % 2 == 0 ? "G" : "POST /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
              .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
          slow.add(s);
        }
        long[] withSlow = measure(http, base, r, Math.min(calls, 1_000));
        starved.set(Report.CHAOS, Stats.micros(Stats.percentile(withSlow, 50)) + " / " + Stats.micros(Stats.percentile(withSlow, 99))
            + " / " + Stats.micros(Stats.percentile(withSlow, 100)));
        starved.met(Stats.percentile(withSlow, 99) <= Stats.percentile(quiet, 99) + 2_000_000L);
      } finally {
        for (Socket s : slow) s.close();
      }
      ctx.report.note("api: the starved row made the same mix of calls as idle (up to 1,000) right after 300 clients had"
          + " opened connections with half-sent requests, which the API holds until its 2 s header deadline.");
    }
  }

  private static long[] measure(HttpClient http, URI base, SplittableRandom r, int calls) throws Exception {
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      call(http, base, r, i);
      nanos[i] = System.nanoTime() - t0;
    }
    return nanos;
  }

  private static void call(HttpClient http, URI base, SplittableRandom r, int i) throws Exception {
    HttpRequest.Builder b;
    switch (i % 4) {
      case 0:
        b = HttpRequest.newBuilder(base.resolve("/proxies/api-bench/toxics")).PUT(HttpRequest.BodyPublishers.ofString(
            "[{\"type\":\"bandwidth\",\"stream\":\"upstream\",\"attributes\":{\"rate\":" + (5_000 + r.nextInt(45_000)) + "}},"
                + "{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":" + r.nextInt(20) + "}}]"));
        break;
      case 1:
        b = HttpRequest.newBuilder(base.resolve("/connections")).GET();
        break;
      case 2:
        b = HttpRequest.newBuilder(base.resolve("/proxies/api-bench/toxics/latency_upstream"))
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"attributes\":{\"jitter\":" + r.nextInt(5) + "}}"));
        break;
      default:
        b = HttpRequest.newBuilder(base.resolve("/metrics")).GET();
        break;
    }
    HttpResponse<String> resp = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() >= 300) throw new IllegalStateException("API call " + i + " answered " + resp.statusCode() + ": " + resp.body());
  }
}
