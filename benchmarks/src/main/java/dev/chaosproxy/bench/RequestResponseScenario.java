package dev.chaosproxy.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * 64-byte ping-pong over one connection: round-trip time percentiles. The round trips are taken in
 * a few rounds that alternate the order of the targets (a new connection each round, warmed up
 * first), and pooled, so that a noisy moment on this shared machine does not land on one target.
 */
final class RequestResponseScenario extends Scenario {
  @Override
  String name() {
    return "latency";
  }

  @Override
  String description() {
    return "request/response round trip of 64 bytes over one connection, p50/p99 (µs)";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    BenchSettings s = ctx.settings;
    int perRound = s.pingCount / s.pingRounds;
    String title =
        "Request/response, 64 B, 1 connection ("
            + String.format("%,d", perRound * s.pingRounds)
            + " round trips"
            + (s.pingRounds > 1 ? " in " + s.pingRounds + " rounds" : "")
            + ")";
    Report.Row p50 = ctx.report.row(title, "p50 µs").goal("≤ 1.2 × HAProxy");
    Report.Row p99 = ctx.report.row(title, "p99 µs").goal("(for context)");
    List<Target> targets = new ArrayList<>(ctx.targets());
    Map<String, String> failures = new HashMap<>();
    Map<String, List<long[]>> samples =
        Rounds.takeGuarded(
            ctx,
            "latency",
            targets,
            s.pingRounds,
            failures,
            (t, sockets) ->
                LoadGenerator.pingPong(t.address, s.pingWarmup, perRound, s.pingSize, sockets));
    Map<String, Double> v50 = Rounds.percentiles(ctx, targets, samples, failures, p50, p99);
    p50.met(compare(v50, (c, h) -> c <= 1.2 * h, Report.HAPROXY));
  }
}
