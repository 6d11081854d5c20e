package dev.chaosproxy.bench;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import java.io.EOFException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * How closely the toxics do what they are set to, with an in-process chaos-proxy in front of the
 * upstream JVM: the latency toxic (one direction) against the extra round-trip time it adds, and
 * the bandwidth toxic (downstream) against the rate the client receives.
 */
final class ToxicAccuracyScenario extends Scenario {
  @Override
  String name() {
    return "accuracy";
  }

  @Override
  String description() {
    return "latency toxic 10/50/100 ms and bandwidth toxic 10 KB/s..50 MB/s: measured vs set (in-process chaos-proxy)";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    BenchSettings s = ctx.settings;
    String upstream = "127.0.0.1:" + ctx.upstream().port(RunContext.PORT_IN_PROCESS);
    try (ChaosEngine engine = ChaosEngine.builder().eventLoops(2).build()) {
      ProxyControl proxy =
          engine.newProxy("accuracy").listen("127.0.0.1:0").upstream(upstream).start();
      InetSocketAddress address = new InetSocketAddress(proxy.host(), proxy.port());
      latency(ctx, s, proxy, address);
      bandwidth(ctx, s, proxy, address);
    }
  }

  private void latency(
      RunContext ctx, BenchSettings s, ProxyControl proxy, InetSocketAddress address)
      throws Exception {
    ctx.log("accuracy: baseline round trip through the proxy without toxics");
    double base;
    try {
      long[] rtts =
          Watchdog.guarded(
              Duration.ofSeconds(60),
              sockets ->
                  LoadGenerator.pingPong(address, 200, s.latencyBaselineSamples, 64, sockets));
      base = Stats.median(rtts);
    } catch (Exception e) {
      ctx.report.note("**latency accuracy baseline FAILED:** " + e);
      base = 0;
    }
    ctx.report.note(
        Stats.fmt(
            "Latency accuracy: extra delay = median round trip (64 B) with the toxic on the upstream direction "
                + "only, minus the median without it (%.1f µs) through the same in-process proxy.",
            base / 1000));
    for (int i = 0; i < s.latencySettingsMs.length; i++) {
      int ms = s.latencySettingsMs[i];
      int samples = s.latencySamples[i];
      double baseline = base;
      Report.Row row =
          ctx.report
              .row(
                  "Latency toxic accuracy, "
                      + ms
                      + " ms, upstream only ("
                      + samples
                      + " round trips)",
                  "median extra delay, ms (error)")
              .goal("within ±2 ms");
      others(row);
      ctx.log("accuracy: latency " + ms + " ms");
      Double extra =
          cell(
              ctx,
              row,
              Report.CHAOS,
              () -> {
                proxy.upstream().delay(Duration.ofMillis(ms));
                try {
                  long[] rtts =
                      Watchdog.guarded(
                          Duration.ofMillis((long) (samples + 2) * ms * 3 + 30_000),
                          sockets -> LoadGenerator.pingPong(address, 2, samples, 64, sockets));
                  return Stats.median(rtts) - baseline;
                } finally {
                  proxy.clear();
                }
              },
              v -> Stats.fmt("%.2f (%+.2f)", v / 1e6, v / 1e6 - ms));
      row.met(extra == null ? Boolean.FALSE : Math.abs(extra / 1e6 - ms) <= 2.0);
    }
  }

  private void bandwidth(
      RunContext ctx, BenchSettings s, ProxyControl proxy, InetSocketAddress address)
      throws Exception {
    Upstream upstream = ctx.upstream();
    ctx.report.note(
        "Bandwidth accuracy: a fast sender through the throttled direction only, rate counted at the receiver over "
            + s.bandwidthMeasure.toMillis()
            + " ms. Downstream (server → client): the client counts from the end of its first read "
            + "to its last read. Upstream (client → server): the upstream's sink counter, sampled after a "
            + BANDWIDTH_WARMUP.toMillis()
            + " ms warm-up. KB = 1000 B.");
    for (long rate : s.bandwidthRates) {
      String label = rate >= 1_000_000 ? (rate / 1_000_000) + " MB/s" : (rate / 1000) + " KB/s";
      Report.Row row =
          ctx.report
              .row("Bandwidth toxic accuracy, " + label, "measured down / up (error)")
              .goal("within ±3 %");
      others(row);
      ctx.log("accuracy: bandwidth " + label + ", downstream");
      Double down =
          measureRate(
              ctx,
              proxy,
              rate,
              true,
              () ->
                  Watchdog.guarded(
                      s.bandwidthMeasure.plusSeconds(30),
                      sockets -> receiveRate(address, s.bandwidthMeasure, sockets)));
      ctx.log("accuracy: bandwidth " + label + ", upstream");
      Double up =
          measureRate(
              ctx,
              proxy,
              rate,
              false,
              () -> BulkMeasure.upload(upstream, address, 1, BANDWIDTH_WARMUP, s.bandwidthMeasure));
      row.set(Report.CHAOS, describe(down, rate) + " / " + describe(up, rate));
      row.met(
          down != null
              && up != null
              && Math.abs(down / rate - 1) <= 0.03
              && Math.abs(up / rate - 1) <= 0.03);
    }
  }

  private static final Duration BANDWIDTH_WARMUP = Duration.ofMillis(300);

  private static Double measureRate(
      RunContext ctx, ProxyControl proxy, long rate, boolean downstream, Measurement m) {
    try {
      (downstream ? proxy.downstream() : proxy.upstream()).throttle(DataSize.ofBytes(rate));
      try {
        return m.measure();
      } finally {
        proxy.clear();
      }
    } catch (Exception e) {
      ctx.report.note(
          "**Bandwidth toxic accuracy "
              + rate
              + " B/s "
              + (downstream ? "downstream" : "upstream")
              + " FAILED:** "
              + e);
      ctx.log("  FAILED: " + e);
      return null;
    }
  }

  private static String describe(Double measured, long rate) {
    if (measured == null) return "FAILED";
    return rateName(measured) + Stats.fmt(" (%+.1f %%)", (measured / rate - 1) * 100);
  }

  /** Bytes per second a {@link Protocol#SOURCE} connection delivers, over about {@code window}. */
  private static double receiveRate(
      InetSocketAddress address, Duration window, SocketRegistry sockets) throws Exception {
    SocketChannel ch = LoadGenerator.open(address, Protocol.SOURCE, sockets);
    ByteBuffer buf = ByteBuffer.allocateDirect(LoadGenerator.BULK_BUFFER);
    long first = -1;
    long last = -1;
    long bytes = 0;
    while (true) {
      buf.clear();
      int n = ch.read(buf);
      long now = System.nanoTime();
      if (n < 0) throw new EOFException("the stream closed");
      if (first < 0) {
        first = now; // bytes of the first read arrived before this instant: not counted
        continue;
      }
      bytes += n;
      last = now;
      if (now - first >= window.toNanos()) break;
    }
    sockets.closeAndRemove(ch);
    return bytes * 1e9 / (last - first);
  }

  /** {@code 12.34 MB/s} or {@code 9.99 KB/s}. */
  static String rateName(double bytesPerSecond) {
    if (bytesPerSecond >= 1e6) return Stats.fmt("%.2f MB/s", bytesPerSecond / 1e6);
    return Stats.fmt("%.2f KB/s", bytesPerSecond / 1e3);
  }

  private static void others(Report.Row row) {
    row.set(Report.DIRECT, "n/a").set(Report.HAPROXY, "n/a").set(Report.SOCAT, "n/a");
  }
}
