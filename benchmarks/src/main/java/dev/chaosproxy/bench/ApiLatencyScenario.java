package dev.chaosproxy.bench;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.ProxyControl;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * In-process: how long control API calls take, idle and while four connections push data through
 * the very toxics the calls keep changing (Toxiproxy's API is known to hang there).
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
    String title =
        "REST API call (PUT toxics, PATCH toxic, GET connections, GET metrics; "
            + String.format("%,d", calls)
            + " calls)";
    Report.Row idle = ctx.report.row(title, "idle: p50 / p99 µs").goal("(for context)");
    Report.Row busy =
        ctx.report
            .row(title, "4 streams through the changing toxics: p50 / p99 / max µs")
            .goal("no call waits on traffic");
    Report.Row starved =
        ctx.report
            .row(title, "300 clients holding half-sent requests: p50 / p99 / max µs")
            .goal("p99 within 2 ms of idle");
    for (Report.Row r : new Report.Row[] {idle, busy, starved}) {
      r.set(Report.DIRECT, "n/a").set(Report.HAPROXY, "n/a").set(Report.SOCAT, "n/a");
    }
    try (ChaosEngine engine = ChaosEngine.builder().eventLoops(2).build();
        ControlServer server = ControlServer.builder(engine).start()) {
      ProxyControl proxy = engine.newProxy("api-bench").upstream(upstream).start();
      URI base = server.uri();
      SplittableRandom r = new SplittableRandom(1);
      call(base, r, 0); // the toxics the PATCH changes exist from the start
      for (int i = 0; i < calls / 4; i++) call(base, r, i); // warm-up
      long[] quiet = measure(base, r, calls);
      idle.set(
          Report.CHAOS,
          Stats.micros(Stats.percentile(quiet, 50))
              + " / "
              + Stats.micros(Stats.percentile(quiet, 99)));

      AtomicBoolean done = new AtomicBoolean();
      List<Thread> writers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t =
            new Thread(
                () -> {
                  try (Socket s = new Socket(proxy.host(), proxy.port())) {
                    OutputStream out = s.getOutputStream();
                    out.write(Protocol.SINK);
                    byte[] block = new byte[64 * 1024];
                    while (!done.get()) out.write(block);
                  } catch (java.io.IOException e) {
                    if (!done.get()) ctx.log("api: a writer failed: " + e);
                  }
                },
                "api-bench-writer-" + i);
        t.setDaemon(true);
        t.start();
        writers.add(t);
      }
      proxy.awaitConnections(4, Duration.ofSeconds(10));
      long bytesBefore = proxy.metrics().bytesUpstream();
      long[] loaded = measure(base, r, calls);
      long moved = proxy.metrics().bytesUpstream() - bytesBefore;
      done.set(true);
      proxy.killAll("benchmark over");
      for (Thread t : writers) t.join(10_000);
      if (moved <= 0) throw new IllegalStateException("no bytes moved while the API was measured");
      busy.set(
          Report.CHAOS,
          Stats.micros(Stats.percentile(loaded, 50))
              + " / "
              + Stats.micros(Stats.percentile(loaded, 99))
              + " / "
              + Stats.micros(Stats.percentile(loaded, 100)));
      busy.met(Stats.percentile(loaded, 100) < 1_000_000_000L);
      ctx.report.note(
          "api: "
              + Stats.mib(moved)
              + " MiB went through the proxy while the "
              + calls
              + " loaded calls ran (bandwidth 5-50 MB/s and latency 0-20 ms per direction, changed by the calls).");

      // Slow clients: each holds a connection with a request it never finishes (a byte, or
      // headers without their body), as a careless or hostile client would.
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 300; i++) {
          Socket s = new Socket(server.address().getAddress(), server.address().getPort());
          s.getOutputStream()
              .write(
                  (i % 2 == 0
                          ? "G"
                          : "POST /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
                      .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
          slow.add(s);
        }
        long[] withSlow = measure(base, r, Math.min(calls, 1_000));
        starved.set(
            Report.CHAOS,
            Stats.micros(Stats.percentile(withSlow, 50))
                + " / "
                + Stats.micros(Stats.percentile(withSlow, 99))
                + " / "
                + Stats.micros(Stats.percentile(withSlow, 100)));
        starved.met(Stats.percentile(withSlow, 99) <= Stats.percentile(quiet, 99) + 2_000_000L);
      } finally {
        for (Socket s : slow) s.close();
      }
      ctx.report.note(
          "api: the starved row made the same mix of calls as idle (up to 1,000) right after 300 clients had"
              + " opened connections with half-sent requests, which the API holds until its 2 s header deadline.");
    }
  }

  private static long[] measure(URI base, SplittableRandom r, int calls) throws Exception {
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      call(base, r, i);
      nanos[i] = System.nanoTime() - t0;
    }
    return nanos;
  }

  /**
   * One call with {@link HttpURLConnection}, over its keep-alive pool: the transport toxiproxy-java
   * uses. (The JDK's {@code HttpClient} adds 150-250 µs and millisecond outliers of its own.)
   */
  private static void call(URI base, SplittableRandom r, int i) throws Exception {
    String method;
    String path;
    String body = null;
    switch (i % 4) {
      case 0 -> {
        method = "PUT";
        path = "/proxies/api-bench/toxics";
        body =
            "[{\"type\":\"bandwidth\",\"stream\":\"upstream\",\"attributes\":{\"rate\":"
                + (5_000 + r.nextInt(45_000))
                + "}},"
                + "{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":"
                + r.nextInt(20)
                + "}}]";
      }
      case 1 -> {
        method = "GET";
        path = "/connections";
      }
      case 2 -> {
        method = "PATCH";
        path = "/proxies/api-bench/toxics/latency_upstream";
        body = "{\"attributes\":{\"jitter\":" + r.nextInt(5) + "}}";
      }
      default -> {
        method = "GET";
        path = "/metrics";
      }
    }
    HttpURLConnection c = (HttpURLConnection) base.resolve(path).toURL().openConnection();
    c.setConnectTimeout(5_000);
    c.setReadTimeout(10_000);
    // HttpURLConnection has no PATCH; the API takes POST on the same path, as Toxiproxy does.
    c.setRequestMethod(method.equals("PATCH") ? "POST" : method);
    if (body != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      byte[] answer = in == null ? new byte[0] : in.readAllBytes();
      if (status >= 300)
        throw new IllegalStateException(
            "API call "
                + i
                + " answered "
                + status
                + ": "
                + new String(answer, StandardCharsets.UTF_8));
    }
  }
}
