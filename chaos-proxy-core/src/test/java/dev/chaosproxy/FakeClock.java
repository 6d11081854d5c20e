package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.testing.FakeTicker;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * An engine whose event loop and effects read a {@link FakeTicker}: time moves only when the test
 * says, so a delay of 250 ms is 250 ms exactly, and waiting it costs nothing. Sockets stay real.
 */
public final class FakeClock implements AutoCloseable {
  public final FakeTicker ticker = new FakeTicker();

  /** One loop, a fixed seed: each run makes the same decisions. */
  public final ChaosEngine engine =
      ChaosEngine.builder().eventLoops(1).seed(13).ticker(ticker).build();

  public FakeClock() {
    ticker.drive(Engines.core(engine).loops().all());
  }

  /** Moves time on by {@code millis}; the timers due by then have fired when it returns. */
  public void advanceMillis(long millis) {
    ticker.advance(Duration.ofMillis(millis));
  }

  /**
   * Waits until {@code proxy} has read {@code n} bytes in {@code direction} and dealt with them.
   */
  public void awaitRead(ProxyControl proxy, Direction direction, long n) {
    await(n + " bytes read " + direction).until(() -> read(proxy, direction) >= n);
    assertThat(read(proxy, direction)).as("bytes read " + direction).isEqualTo(n);
    ticker.sync();
  }

  /**
   * Sends a byte through {@code client} (on {@code proxy}, whose other connections are idle) to an
   * echo server and back; returns how many milliseconds of proxy time that took, stepping time only
   * while the proxy holds the byte.
   */
  public long roundTripMillis(ProxyControl proxy, Socket client) throws IOException {
    long[] up = {read(proxy, Direction.UPSTREAM), written(proxy, Direction.UPSTREAM)};
    long[] down = {read(proxy, Direction.DOWNSTREAM), written(proxy, Direction.DOWNSTREAM)};
    client.getOutputStream().write(42);
    long millis = passOn(proxy, Direction.UPSTREAM, up) + passOn(proxy, Direction.DOWNSTREAM, down);
    if (client.getInputStream().read() != 42)
      throw new AssertionError("the echo did not come back");
    return millis;
  }

  /**
   * Waits until the proxy has read one byte more {@code direction} than {@code before} (read,
   * written) says; steps time until it has written one more too, and returns the steps.
   */
  private long passOn(ProxyControl proxy, Direction direction, long[] before) {
    awaitRead(proxy, direction, before[0] + 1);
    return millisUntilWritten(proxy, direction, before[1] + 1);
  }

  /**
   * Steps time 1 ms at a time until {@code proxy} has written {@code n} bytes {@code direction};
   * returns the steps.
   */
  public long millisUntilWritten(ProxyControl proxy, Direction direction, long n) {
    long millis = 0;
    while (written(proxy, direction) < n) {
      if (millis > Duration.ofMinutes(1).toMillis())
        throw new AssertionError("held for over a minute " + direction);
      advanceMillis(1);
      millis++;
    }
    return millis;
  }

  public static long read(ProxyControl proxy, Direction direction) {
    ProxyMetrics m = proxy.metrics();
    return direction == Direction.UPSTREAM ? m.receivedUpstream() : m.receivedDownstream();
  }

  public static long written(ProxyControl proxy, Direction direction) {
    ProxyMetrics m = proxy.metrics();
    return direction == Direction.UPSTREAM ? m.bytesUpstream() : m.bytesDownstream();
  }

  @Override
  public void close() {
    engine.close();
  }
}
