package dev.chaosproxy.bench;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ProxyControl;

/** In-process: how long creating a proxy (listen on port 0) and closing it takes. */
final class StartStopScenario extends Scenario {
  @Override
  String name() {
    return "startstop";
  }

  @Override
  String description() {
    return "in-process chaos-proxy start+stop (listen on port 0, then close), median/p99 (µs)";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    BenchSettings s = ctx.settings;
    String upstream = "127.0.0.1:" + ctx.upstream().port(RunContext.PORT_IN_PROCESS);
    String title =
        "Proxy start+stop, in-process (" + String.format("%,d", s.startStopCount) + " cycles)";
    Report.Row median = ctx.report.row(title, "median µs").goal("≤ 2,000 µs");
    Report.Row p99 = ctx.report.row(title, "p90 / p99 / max µs").goal("(for context)");
    Report.Row parts = ctx.report.row(title, "median start / close µs").goal("(for context)");
    for (Report.Row r : new Report.Row[] {median, p99, parts}) {
      r.set(Report.DIRECT, "n/a").set(Report.HAPROXY, "n/a").set(Report.SOCAT, "n/a");
    }
    ctx.log(
        "startstop: " + s.startStopWarmup + " warm-up + " + s.startStopCount + " measured cycles");
    long[] total = new long[s.startStopCount];
    long[] starts = new long[s.startStopCount];
    long[] closes = new long[s.startStopCount];
    Double m =
        cell(
            ctx,
            median,
            Report.CHAOS,
            () -> {
              try (ChaosEngine engine = ChaosEngine.builder().eventLoops(2).build()) {
                for (int i = 0; i < s.startStopWarmup + s.startStopCount; i++) {
                  long t0 = System.nanoTime();
                  ProxyControl p =
                      engine.newProxy("startstop").listen("127.0.0.1:0").upstream(upstream).start();
                  long t1 = System.nanoTime();
                  p.close();
                  long t2 = System.nanoTime();
                  if (p.port() == 0)
                    throw new IllegalStateException("the proxy reported port 0 after start");
                  int k = i - s.startStopWarmup;
                  if (k >= 0) {
                    total[k] = t2 - t0;
                    starts[k] = t1 - t0;
                    closes[k] = t2 - t1;
                  }
                }
              }
              return Stats.median(total);
            },
            Stats::micros);
    if (m != null) {
      median.met(m <= 2_000_000);
      p99.set(
          Report.CHAOS,
          Stats.micros(Stats.percentile(total, 90))
              + " / "
              + Stats.micros(Stats.percentile(total, 99))
              + " / "
              + Stats.micros(Stats.percentile(total, 100)));
      parts.set(
          Report.CHAOS,
          Stats.micros(Stats.median(starts)) + " / " + Stats.micros(Stats.median(closes)));
    } else {
      median.met(false);
    }
  }
}
