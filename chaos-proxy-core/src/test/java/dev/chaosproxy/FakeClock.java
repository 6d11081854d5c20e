package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.testing.FakeTicker;
import java.time.Duration;

/**
 * An engine whose event loop and effects read a {@link FakeTicker}: time moves only when the test
 * says, so a delay of 250 ms is 250 ms exactly, and waiting it costs nothing. Sockets stay real.
 */
final class FakeClock implements AutoCloseable {
  final FakeTicker ticker = new FakeTicker();
  /** One loop, a fixed seed: each run makes the same decisions. */
  final ChaosEngine engine = ChaosEngine.builder().eventLoops(1).seed(13).ticker(ticker).build();

  FakeClock() {
    ticker.drive(Engines.core(engine).loops().all());
  }

  /** Moves time on by {@code millis}; the timers due by then have fired when it returns. */
  void advanceMillis(long millis) {
    ticker.advance(Duration.ofMillis(millis));
  }

  /** Waits until {@code proxy} has read {@code n} bytes in {@code direction} and dealt with them. */
  void awaitRead(ProxyControl proxy, Direction direction, long n) {
    await(n + " bytes read " + direction).until(() -> read(proxy, direction) >= n);
    assertThat(read(proxy, direction)).as("bytes read " + direction).isEqualTo(n);
    ticker.sync();
  }

  static long read(ProxyControl proxy, Direction direction) {
    ProxyMetrics m = proxy.metrics();
    return direction == Direction.UPSTREAM ? m.receivedUpstream() : m.receivedDownstream();
  }

  static long written(ProxyControl proxy, Direction direction) {
    ProxyMetrics m = proxy.metrics();
    return direction == Direction.UPSTREAM ? m.bytesUpstream() : m.bytesDownstream();
  }

  @Override
  public void close() {
    engine.close();
  }
}
