package dev.chaosproxy.bench;

import dev.chaosproxy.bench.LoadGenerator.ConnectLoop;
import java.time.Duration;

/** Connections per second: connect, one 32-byte request/response, close; a few client threads. */
final class ConnectRateScenario extends Scenario {
  @Override
  String name() {
    return "cps";
  }

  @Override
  String description() {
    return "connections per second: connect, 32-byte request/response, close; 4 client threads (conn/s)";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    BenchSettings s = ctx.settings;
    Report.Row row =
        ctx.report
            .row(
                "Connections per second (" + s.connectThreads + " client threads)",
                "conn/s (errors)")
            .goal("(for context)");
    Report.Row cpu =
        ctx.report
            .row(
                "Connections per second (" + s.connectThreads + " client threads)",
                "proxy CPU per connection, µs")
            .goal("(for context)");
    cpu.set(Report.DIRECT, "n/a");
    for (Target t : ctx.targets()) {
      if (!t.available()) {
        row.set(t.name, "unavailable");
        continue;
      }
      ctx.log("cps: " + t.name);
      long[] errors = new long[1];
      double[] cpuPerConn = {Double.NaN};
      String[] firstError = new String[1];
      Double rate =
          cell(
              ctx,
              row,
              t.name,
              () ->
                  Watchdog.guarded(
                      s.connectWarmup.plus(s.connectMeasure).plusSeconds(30),
                      sockets -> {
                        try (ConnectLoop loop =
                            ConnectLoop.start(t.address, s.connectThreads, sockets)) {
                          sleep(s.connectWarmup);
                          long c1 = loop.completed.get();
                          long e1 = loop.errors.get();
                          long t1 = System.nanoTime();
                          long cpu1 = BulkMeasure.cpu(t.process);
                          sleep(s.connectMeasure);
                          long cpu2 = BulkMeasure.cpu(t.process);
                          long c2 = loop.completed.get();
                          long t2 = System.nanoTime();
                          if (cpu1 >= 0 && cpu2 >= 0 && c2 > c1)
                            cpuPerConn[0] = (cpu2 - cpu1) / (double) (c2 - c1);
                          errors[0] = loop.errors.get() - e1;
                          firstError[0] = loop.firstError.get();
                          if (c2 == c1)
                            throw new IllegalStateException(
                                "no connection completed; first error: " + firstError[0]);
                          return (c2 - c1) * 1e9 / (t2 - t1);
                        }
                      }),
              v -> Stats.fmt("%,.0f", v));
      if (rate != null) {
        row.set(t.name, Stats.fmt("%,.0f (%d)", rate, errors[0]));
        if (t.process != null)
          cpu.set(
              t.name, Double.isNaN(cpuPerConn[0]) ? "?" : Stats.fmt("%.0f", cpuPerConn[0] / 1000));
        if (errors[0] > 0)
          ctx.report.note(
              t.name
                  + " had "
                  + errors[0]
                  + " failed connections in the connections-per-second run; first: "
                  + firstError[0]);
      }
      // let this target's closing connections settle before the next one starts
      sleep(Duration.ofMillis(300));
    }
  }
}
