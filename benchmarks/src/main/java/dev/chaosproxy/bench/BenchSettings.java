package dev.chaosproxy.bench;

import java.time.Duration;

/** How long and how much each scenario measures: the full run, or the short {@code --quick} one. */
final class BenchSettings {
  final boolean quick;

  // warm-up of each target when it starts: ping-pongs, then each of bulk up, bulk down, connects
  // for warmupEach
  final int warmupPings;
  final Duration warmupEach;
  // passthrough throughput
  final Duration bulkWarmup;
  final Duration bulkMeasure;
  final int bulkRounds;
  // request/response latency
  final int pingWarmup;
  final int pingCount;
  final int pingRounds;
  final int pingSize = 64;
  // connections per second
  final int connectThreads = 4;
  final Duration connectWarmup;
  final Duration connectMeasure;
  // idle connections: the ceiling before the fd limit is applied
  final int idleMax;
  final int idleOpenThreads = 8;
  // in-process start+stop
  final int startStopWarmup;
  final int startStopCount;
  // bulk through a 10 ms latency toxic
  final Duration toxicBulkWarmup;
  final Duration toxicBulkMeasure;
  // JUnit extension overhead: runs of the 100-test class per variant
  final int junitWarmup;
  final int junitRounds;
  // accuracy
  final int latencyBaselineSamples;
  final int[] latencySettingsMs = {10, 50, 100};
  final int[] latencySamples;
  final long[] bandwidthRates = {10_000, 100_000, 1_000_000, 10_000_000, 50_000_000};
  final Duration bandwidthMeasure;
  // http: one body of this many bytes per transfer (Content-Length, then chunked), rounds of them
  final long httpBulkBytes;
  final int httpBulkRounds;
  final int httpChunk = 16 * 1024;

  private BenchSettings(boolean quick) {
    this.quick = quick;
    if (quick) {
      warmupPings = 3_000;
      warmupEach = Duration.ofMillis(200);
      bulkWarmup = Duration.ofMillis(200);
      bulkMeasure = Duration.ofMillis(500);
      bulkRounds = 1;
      pingWarmup = 1_000;
      pingCount = 3_000;
      pingRounds = 1;
      connectWarmup = Duration.ofMillis(200);
      connectMeasure = Duration.ofMillis(500);
      idleMax = 1_000;
      startStopWarmup = 100;
      startStopCount = 300;
      toxicBulkWarmup = Duration.ofMillis(700);
      toxicBulkMeasure = Duration.ofMillis(700);
      junitWarmup = 5;
      junitRounds = 10;
      latencyBaselineSamples = 100;
      latencySamples = new int[] {10, 5, 5};
      bandwidthMeasure = Duration.ofMillis(1000);
      httpBulkBytes = 32L << 20;
      httpBulkRounds = 1;
    } else {
      warmupPings = 15_000;
      warmupEach = Duration.ofMillis(700);
      bulkWarmup = Duration.ofSeconds(1);
      bulkMeasure = Duration.ofSeconds(3);
      bulkRounds = 2;
      pingWarmup = 2_000;
      pingCount = 21_000;
      pingRounds = 3;
      connectWarmup = Duration.ofSeconds(1);
      connectMeasure = Duration.ofSeconds(3);
      idleMax = 10_000;
      startStopWarmup = 500;
      startStopCount = 2_000;
      toxicBulkWarmup = Duration.ofSeconds(2);
      toxicBulkMeasure = Duration.ofSeconds(3);
      junitWarmup = 30;
      junitRounds = 40;
      latencyBaselineSamples = 500;
      latencySamples = new int[] {50, 30, 20};
      bandwidthMeasure = Duration.ofSeconds(2);
      httpBulkBytes = 256L << 20;
      httpBulkRounds = 3;
    }
  }

  static BenchSettings of(boolean quick) {
    return new BenchSettings(quick);
  }
}
