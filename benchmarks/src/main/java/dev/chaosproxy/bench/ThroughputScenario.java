package dev.chaosproxy.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Passthrough bulk throughput: 1 and 4 streams client → server, 1 stream server → client. In the
 * full run each is measured in two rounds that visit the targets in opposite orders; the cell shows
 * the mean and, in parentheses, the two rounds, so the noise of this shared machine is visible.
 */
final class ThroughputScenario extends Scenario {
  @Override
  String name() {
    return "throughput";
  }

  @Override
  String description() {
    return "passthrough bulk throughput, 1 and 4 streams client→server and 1 stream server→client (MB/s)";
  }

  /** One kind of transfer. */
  private static final class Kind {
    final String label;
    final int streams;
    final boolean upload;
    final Report.Row row;
    final Map<String, List<Double>> values = new HashMap<>();
    final Map<String, List<Double>> cores = new HashMap<>();
    final Map<String, String> failed = new HashMap<>();

    Kind(String label, int streams, boolean upload, Report.Row row) {
      this.label = label;
      this.streams = streams;
      this.upload = upload;
      this.row = row;
    }
  }

  @Override
  void run(RunContext ctx) throws Exception {
    BenchSettings s = ctx.settings;
    Upstream upstream = ctx.upstream();
    String rounds = s.bulkRounds > 1 ? ", mean (rounds)" : "";
    List<Kind> kinds =
        List.of(
            new Kind(
                "1 stream c→s",
                1,
                true,
                ctx.report
                    .row("Passthrough throughput, 1 stream c→s", "MB/s" + rounds)
                    .goal("≥ HAProxy")),
            new Kind(
                "4 streams c→s",
                4,
                true,
                ctx.report
                    .row("Passthrough throughput, 4 streams c→s", "MB/s, sum" + rounds)
                    .goal("≥ HAProxy")),
            new Kind(
                "1 stream s→c",
                1,
                false,
                ctx.report
                    .row("Passthrough throughput, 1 stream s→c", "MB/s" + rounds)
                    .goal("(for context)")));
    Report.Row cpu =
        ctx.report
            .row("Passthrough throughput, 1 stream c→s", "proxy CPU, % of one core")
            .goal("(for context)");
    cpu.set(Report.DIRECT, "n/a");

    List<Target> targets = new ArrayList<>(ctx.targets());
    for (int round = 0; round < s.bulkRounds; round++) {
      List<Target> order = new ArrayList<>(targets);
      if (round % 2 == 1) Collections.reverse(order);
      for (Target t : order) {
        if (!t.available()) continue;
        for (Kind k : kinds) {
          if (k.failed.containsKey(t.name)) continue;
          ctx.log(
              "throughput: "
                  + t.name
                  + ", "
                  + k.label
                  + (s.bulkRounds > 1 ? ", round " + (round + 1) : ""));
          try {
            BulkMeasure.Rate r =
                k.upload
                    ? BulkMeasure.upload(
                        upstream, t.address, k.streams, s.bulkWarmup, s.bulkMeasure, t.process)
                    : BulkMeasure.download(
                        t.address, k.streams, s.bulkWarmup, s.bulkMeasure, t.process);
            k.values.computeIfAbsent(t.name, x -> new ArrayList<>()).add(r.bytesPerSecond);
            k.cores.computeIfAbsent(t.name, x -> new ArrayList<>()).add(r.proxyCores);
          } catch (Exception e) {
            k.failed.put(t.name, e.toString());
            ctx.log("  FAILED: " + e);
          }
        }
      }
    }
    for (Kind k : kinds) {
      Map<String, Double> means = Rounds.means(ctx, k.row, targets, k.values, k.failed);
      if (k == kinds.get(0)) {
        for (Target t : targets) {
          if (t.process == null || !means.containsKey(t.name)) continue;
          double c = Rounds.mean(k.cores.get(t.name));
          cpu.set(t.name, Double.isNaN(c) ? "?" : Stats.fmt("%.0f %%", c * 100));
        }
      }
      if (!k.row.goal.startsWith("(")) k.row.met(compare(means, (c, h) -> c >= h, Report.HAPROXY));
    }
  }
}
