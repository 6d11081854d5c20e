package dev.chaosproxy.bench;

import dev.chaosproxy.bench.LoadGenerator.BulkTransfer;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Bulk throughput, always counted at the receiver over a window that starts after a warm-up (so
 * that buffers in between are full and JITs are warm): upload bytes are counted by the upstream's
 * sink, download bytes by the load generator.
 */
final class BulkMeasure {
  private BulkMeasure() {}

  /** A rate, and how busy the proxy process was meanwhile (cores; NaN when not measured). */
  static final class Rate {
    final double bytesPerSecond;
    final double proxyCores;

    Rate(double bytesPerSecond, double proxyCores) {
      this.bytesPerSecond = bytesPerSecond;
      this.proxyCores = proxyCores;
    }
  }

  /** CPU nanoseconds of {@code p} so far, or -1. */
  static long cpu(ChildProcess p) {
    return p == null ? -1 : p.cpuNanos();
  }

  static double cores(long cpu1, long cpu2, long t1, long t2) {
    return cpu1 < 0 || cpu2 < 0 ? Double.NaN : (cpu2 - cpu1) / (double) (t2 - t1);
  }

  static double upload(
      Upstream upstream,
      java.net.InetSocketAddress address,
      int streams,
      Duration warmup,
      Duration measure)
      throws Exception {
    return upload(upstream, address, streams, warmup, measure, null).bytesPerSecond;
  }

  static double download(
      java.net.InetSocketAddress address, int streams, Duration warmup, Duration measure)
      throws Exception {
    return download(address, streams, warmup, measure, null).bytesPerSecond;
  }

  /** Client → server bytes per second, summed over {@code streams} connections. */
  static Rate upload(
      Upstream upstream,
      InetSocketAddress address,
      int streams,
      Duration warmup,
      Duration measure,
      ChildProcess proxy)
      throws Exception {
    return Watchdog.guarded(
        warmup.plus(measure).plusSeconds(30),
        sockets -> {
          try (BulkTransfer t = BulkTransfer.start(address, Protocol.SINK, streams, sockets)) {
            Scenario.sleep(warmup);
            t.check();
            long t0 = System.nanoTime();
            long b1 = upstream.sunkBytes();
            long t1 = (t0 + System.nanoTime()) / 2;
            long c1 = cpu(proxy);
            Scenario.sleep(measure);
            long c2 = cpu(proxy);
            long t2a = System.nanoTime();
            long b2 = upstream.sunkBytes();
            long t2 = (t2a + System.nanoTime()) / 2;
            t.check();
            return new Rate((b2 - b1) * 1e9 / (t2 - t1), cores(c1, c2, t1, t2));
          }
        });
  }

  /** Server → client bytes per second, summed over {@code streams} connections. */
  static Rate download(
      InetSocketAddress address, int streams, Duration warmup, Duration measure, ChildProcess proxy)
      throws Exception {
    return Watchdog.guarded(
        warmup.plus(measure).plusSeconds(30),
        sockets -> {
          try (BulkTransfer t = BulkTransfer.start(address, Protocol.SOURCE, streams, sockets)) {
            Scenario.sleep(warmup);
            t.check();
            long b1 = t.received();
            long t1 = System.nanoTime();
            long c1 = cpu(proxy);
            Scenario.sleep(measure);
            long c2 = cpu(proxy);
            long b2 = t.received();
            long t2 = System.nanoTime();
            t.check();
            return new Rate((b2 - b1) * 1e9 / (t2 - t1), cores(c1, c2, t1, t2));
          }
        });
  }
}
