package dev.chaosproxy.bench;

import dev.chaosproxy.bench.LoadGenerator.IdleConnections;
import java.time.Duration;

/**
 * N concurrent idle connections through one proxy (each with one round trip done, so it is
 * established end to end), held while the proxy process's RSS and, for chaos-proxy, its heap after
 * GC are read.
 */
final class IdleConnectionsScenario extends Scenario {
  private static final long MIB = 1024 * 1024;
  private static final int CHECK_EVERY = 50;

  @Override
  String name() {
    return "idle";
  }

  @Override
  String description() {
    return "N concurrent idle connections through one proxy: proxy RSS, chaos-proxy heap after GC (-Xmx128m)";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    int n = ctx.idleCount();
    String why =
        "N = min("
            + ctx.settings.idleMax
            + ", (RLIMIT_NOFILE "
            + ctx.fdLimit
            + " − 300) / 2) = "
            + n
            + ": a proxy holds 2 sockets per connection and the hard limit on open files cannot be raised here";
    ctx.log("idle: " + why);
    ctx.report.note(
        "Idle connections: "
            + why
            + ". The load generator, the upstream server and the proxy are separate processes, each with its own limit.");
    String title = "Idle connections, N = " + String.format("%,d", n);
    Report.Row est = ctx.report.row(title, "established; alive at end (sampled)").goal("all N");
    Report.Row open = ctx.report.row(title, "time to open N (s)").goal("(for context)");
    Report.Row rss = ctx.report.row(title, "proxy RSS before → with N (MiB)").goal("(for context)");
    Report.Row perConn = ctx.report.row(title, "RSS per connection (KiB)").goal("(for context)");
    Report.Row heap =
        ctx.report.row(title, "heap after GC before → with N (MiB)").goal("≤ 128 MiB with N open");
    Report.Row heapPer = ctx.report.row(title, "heap per connection (bytes)").goal("(for context)");
    for (Report.Row r : new Report.Row[] {est, open, rss, perConn, heap, heapPer}) {
      r.set(Report.DIRECT, "n/a");
      r.set(Report.SOCAT, "skipped¹");
    }
    heap.set(Report.HAPROXY, "n/a");
    heapPer.set(Report.HAPROXY, "n/a");
    ctx.report.note(
        "¹ socat forks one process per connection, so it is skipped for idle connections.");

    Boolean heapOk = null;
    Boolean allEstablished = null;
    for (Target t : ctx.targets()) {
      if (!t.name.equals(Report.CHAOS) && !t.name.equals(Report.HAPROXY)) continue;
      if (!t.available()) {
        est.set(t.name, "unavailable");
        continue;
      }
      ctx.log("idle: " + t.name + ", opening " + n + " connections");
      boolean chaos = t.isChaos();
      // GC first (chaos-proxy): a full GC may uncommit heap, so RSS is read after it both times
      long heapBefore = chaos ? heapUsed(t) : -1;
      long rssBefore = t.process.rssKiB();
      long[] result = new long[4]; // rss KiB, heap bytes, established, all good (1/0)
      try {
        Watchdog.guarded(
            Duration.ofSeconds(180),
            sockets -> {
              long t0 = System.nanoTime();
              try (IdleConnections idle =
                  IdleConnections.open(t.address, n, ctx.settings.idleOpenThreads, sockets)) {
                double secs = (System.nanoTime() - t0) / 1e9;
                open.set(t.name, Stats.fmt("%.1f", secs));
                if (idle.failed.get() > 0) {
                  ctx.report.note(
                      t.name
                          + ": "
                          + idle.failed.get()
                          + " of "
                          + n
                          + " idle connections failed to open; first: "
                          + idle.firstError.get());
                }
                sleep(Duration.ofMillis(500));
                result[1] = chaos ? heapUsed(t) : -1;
                result[0] = t.process.rssKiB();
                if (chaos)
                  ctx.log(
                      "  chaos-proxy "
                          + t.process.command("stats", "STATS", Duration.ofSeconds(10)));
                int established = idle.channels.size();
                result[2] = established;
                int checked = IdleConnections.checkCount(established, CHECK_EVERY);
                int alive = idle.check(CHECK_EVERY);
                est.set(t.name, Stats.fmt("%,d of %,d; %d of %d", established, n, alive, checked));
                if (alive < checked) {
                  ctx.report.note(
                      t.name
                          + ": only "
                          + alive
                          + " of "
                          + checked
                          + " sampled idle connections still answered; first error: "
                          + idle.firstError.get());
                }
                result[3] = established == n && alive == checked ? 1 : 0;
                return null;
              }
            });
      } catch (Exception e) {
        est.set(t.name, "FAILED");
        ctx.report.note("**" + title + " / " + t.name + " FAILED:** " + e.getMessage());
        ctx.log("  " + t.name + " FAILED: " + e);
        continue;
      }
      rss.set(t.name, Stats.fmt("%.0f → %.0f", rssBefore / 1024.0, result[0] / 1024.0));
      perConn.set(
          t.name, Stats.fmt("%.1f", (result[0] - rssBefore) / (double) Math.max(1, result[2])));
      if (chaos) {
        heap.set(t.name, Stats.mib(heapBefore) + " → " + Stats.mib(result[1]));
        heapPer.set(
            t.name, Stats.fmt("%,.0f", (result[1] - heapBefore) / (double) Math.max(1, result[2])));
        heapOk = result[3] == 1 && result[1] <= 128 * MIB;
        allEstablished = result[3] == 1;
        awaitDrained(ctx, t);
      }
      sleep(Duration.ofMillis(500));
    }
    heap.met(heapOk);
    est.met(allEstablished);
  }

  private static long heapUsed(Target t) {
    String reply = t.process.command("heap", "HEAP", Duration.ofSeconds(30));
    return Long.parseLong(reply.replaceAll(".*used=(\\d+).*", "$1"));
  }

  /** After the client side closed, chaos-proxy should drop every connection; note it if not. */
  private static void awaitDrained(RunContext ctx, Target t) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String stats = "";
    while (System.nanoTime() - deadline < 0) {
      stats = t.process.command("stats", "STATS", Duration.ofSeconds(10));
      if (stats.contains(" active=0 ")) return;
      sleep(Duration.ofMillis(200));
    }
    ctx.report.note(
        "chaos-proxy still had live connections 15 s after the load generator closed its idle connections: "
            + stats);
  }
}
