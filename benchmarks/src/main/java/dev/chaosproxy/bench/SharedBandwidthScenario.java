package dev.chaosproxy.bench;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How closely a shared throttle ({@code throttleShared}) holds its rate summed over 1 and 4
 * connections of one in-process proxy on two event loops, and how evenly the connections share it.
 */
final class SharedBandwidthScenario extends Scenario {
  private static final long[] RATES = {10_000, 1_000_000, 100_000_000};
  private static final int[] CONNECTIONS = {1, 4};
  private static final Duration WARMUP = Duration.ofMillis(300);

  @Override
  String name() {
    return "shared-bandwidth";
  }

  @Override
  String description() {
    return "shared bandwidth toxic 10 KB/s, 1 MB/s, 100 MB/s over 1 and 4 connections: summed rate vs set, fairness";
  }

  @Override
  void run(RunContext ctx) throws Exception {
    Duration window = ctx.settings.bandwidthMeasure;
    String upstream = "127.0.0.1:" + ctx.upstream().port(RunContext.PORT_IN_PROCESS);
    ctx.report.note(
        "Shared bandwidth accuracy: n fast senders downstream through one proxy with throttleShared(rate);"
            + " bytes the proxy wrote to the clients, summed, over "
            + window.toMillis()
            + " ms after a "
            + WARMUP.toMillis()
            + " ms warm-up; fairness = the smallest connection's bytes over an equal share."
            + " KB = 1000 B.");
    try (ChaosEngine engine = ChaosEngine.builder().eventLoops(2).build()) {
      ProxyControl proxy =
          engine.newProxy("shared").listen("127.0.0.1:0").upstream(upstream).start();
      InetSocketAddress address = new InetSocketAddress(proxy.host(), proxy.port());
      for (long rate : RATES) {
        for (int n : CONNECTIONS) {
          String label =
              (rate >= 1_000_000 ? (rate / 1_000_000) + " MB/s" : (rate / 1000) + " KB/s")
                  + ", "
                  + n
                  + (n == 1 ? " connection" : " connections");
          Report.Row row =
              ctx.report
                  .row("Shared bandwidth accuracy, " + label, "summed rate (error), fairness")
                  .goal("within ±2 %, fairness ≥ 0.9");
          row.set(Report.DIRECT, "n/a").set(Report.HAPROXY, "n/a").set(Report.SOCAT, "n/a");
          ctx.log("shared-bandwidth: " + label);
          double[] result = new double[2];
          Double measured =
              cell(
                  ctx,
                  row,
                  Report.CHAOS,
                  () -> {
                    proxy.downstream().throttleShared(DataSize.ofBytes(rate));
                    try {
                      double[] r =
                          Watchdog.guarded(
                              window.plus(WARMUP).plusSeconds(30),
                              sockets -> measure(proxy, address, n, window, sockets));
                      result[1] = r[1];
                      return r[0];
                    } finally {
                      proxy.clear();
                    }
                  },
                  v ->
                      Stats.fmt(
                          "%s (%+.2f %%), %.2f",
                          ToxicAccuracyScenario.rateName(v), (v / rate - 1) * 100, result[1]));
          row.met(measured != null && Math.abs(measured / rate - 1) <= 0.02 && result[1] >= 0.9);
        }
      }
    }
  }

  /** Summed bytes/s the proxy wrote to {@code n} reading clients, and the fairness. */
  private static double[] measure(
      ProxyControl proxy, InetSocketAddress address, int n, Duration window, SocketRegistry sockets)
      throws Exception {
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SocketChannel ch = LoadGenerator.open(address, Protocol.SOURCE, sockets);
      Thread t = new Thread(() -> drain(ch), "shared-bandwidth-reader-" + i);
      t.setDaemon(true);
      t.start();
      readers.add(t);
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!(written(proxy).size() == n && written(proxy).values().stream().allMatch(b -> b > 0))) {
      if (System.nanoTime() - deadline > 0)
        throw new IllegalStateException(
            "the " + n + " connections did not all start: " + written(proxy));
      sleep(Duration.ofMillis(10)); // the last cell's connections closing, these starting
    }
    sleep(WARMUP);
    Map<String, Long> start = written(proxy);
    long t0 = System.nanoTime();
    sleep(window);
    Map<String, Long> end = written(proxy);
    long t1 = System.nanoTime();
    long total = 0;
    long least = Long.MAX_VALUE;
    for (Map.Entry<String, Long> e : start.entrySet()) {
      long d = end.getOrDefault(e.getKey(), e.getValue()) - e.getValue();
      total += d;
      least = Math.min(least, d);
    }
    if (!end.keySet().equals(start.keySet()))
      throw new IllegalStateException("connections came or went: " + start + " then " + end);
    sockets.close(); // the readers end on the closed channels
    for (Thread t : readers) t.join(5_000);
    return new double[] {total * 1e9 / (t1 - t0), (double) least * n / total};
  }

  private static Map<String, Long> written(ProxyControl proxy) {
    Map<String, Long> m = new HashMap<>();
    for (ConnectionInfo c : proxy.connections()) m.put(c.id(), c.bytesDownstream());
    return m;
  }

  private static void drain(SocketChannel ch) {
    ByteBuffer buf = ByteBuffer.allocateDirect(LoadGenerator.BULK_BUFFER);
    try {
      while (true) {
        buf.clear();
        if (ch.read(buf) < 0) return;
      }
    } catch (IOException closed) {
      // measured
    }
  }
}
