package dev.chaosproxy.bench;

import java.time.Duration;

/**
 * Bulk throughput through chaos-proxy (its own JVM) with a 10 ms latency toxic on the direction the
 * data flows, one stream; direct beside it for context. The toxic delays chunks without stopping
 * the flow, so throughput should stay high (bounded by latency budget / latency).
 */
final class LatencyToxicThroughputScenario extends Scenario {
  static final int LATENCY_MS = 10;

  @Override
  String name() {
    return "toxic-throughput";
  }

  @Override
  String description() {
    return "bulk throughput, 1 stream, through a 10 ms latency toxic on chaos-proxy, direct beside it (MB/s)";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    BenchSettings s = ctx.settings;
    Upstream upstream = ctx.upstream();
    Report.Row up =
        ctx.report
            .row(
                "Bulk through "
                    + LATENCY_MS
                    + " ms latency toxic, 1 stream c→s (toxic on upstream)",
                "MB/s")
            .goal("≥ 400 MB/s");
    Report.Row down =
        ctx.report
            .row(
                "Bulk through "
                    + LATENCY_MS
                    + " ms latency toxic, 1 stream s→c (toxic on downstream)",
                "MB/s")
            .goal("≥ 400 MB/s");
    for (Report.Row r : new Report.Row[] {up, down})
      r.set(Report.HAPROXY, "n/a").set(Report.SOCAT, "n/a");
    Target direct = ctx.target(Report.DIRECT);
    Target chaos = ctx.target(Report.CHAOS);

    ctx.log("toxic-throughput: direct c→s");
    cell(
        ctx,
        up,
        Report.DIRECT,
        () ->
            BulkMeasure.upload(upstream, direct.address, 1, s.toxicBulkWarmup, s.toxicBulkMeasure),
        Stats::mbps);
    ctx.log("toxic-throughput: chaos-proxy c→s, upstream latency " + LATENCY_MS + " ms");
    Double u =
        chaos.available()
            ? cell(
                ctx,
                up,
                Report.CHAOS,
                () -> {
                  toxic(chaos, "delay up " + LATENCY_MS);
                  try {
                    return BulkMeasure.upload(
                        upstream, chaos.address, 1, s.toxicBulkWarmup, s.toxicBulkMeasure);
                  } finally {
                    toxic(chaos, "clear");
                  }
                },
                Stats::mbps)
            : null;
    up.met(u == null ? Boolean.FALSE : u >= 400e6);

    ctx.log("toxic-throughput: direct s→c");
    cell(
        ctx,
        down,
        Report.DIRECT,
        () -> BulkMeasure.download(direct.address, 1, s.toxicBulkWarmup, s.toxicBulkMeasure),
        Stats::mbps);
    ctx.log("toxic-throughput: chaos-proxy s→c, downstream latency " + LATENCY_MS + " ms");
    Double d =
        chaos.available()
            ? cell(
                ctx,
                down,
                Report.CHAOS,
                () -> {
                  toxic(chaos, "delay down " + LATENCY_MS);
                  try {
                    return BulkMeasure.download(
                        chaos.address, 1, s.toxicBulkWarmup, s.toxicBulkMeasure);
                  } finally {
                    toxic(chaos, "clear");
                  }
                },
                Stats::mbps)
            : null;
    down.met(d == null ? Boolean.FALSE : d >= 400e6);
  }

  private static void toxic(Target chaos, String command) {
    chaos.process.command(command, "OK", Duration.ofSeconds(15));
  }
}
