package dev.chaosproxy;

import static dev.chaosproxy.Direction.DOWNSTREAM;
import static dev.chaosproxy.Direction.UPSTREAM;
import static dev.chaosproxy.FakeClock.written;
import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bandwidth toxic on a fake clock: the rate over a second of proxy time, and rate 0.
 * WallClockTimingIT measures a rate on real time.
 */
class BandwidthTest {
  private final FakeClock clock = new FakeClock();

  @AfterEach
  void close() {
    clock.close();
  }

  @Test
  void capsTheRate() throws Exception {
    long rate = 20_000;
    int size = 30_000;
    try (TestServer source =
        TestServer.start(
            s -> {
              s.getOutputStream().write(new byte[size]);
              s.shutdownOutput();
              s.getInputStream().readAllBytes();
            })) {
      ProxyControl proxy = clock.engine.newProxy("slow").upstream(source.address()).start();
      proxy.downstream().throttle(DataSize.ofBytes(rate));
      try (Socket client = Sockets.connect(proxy)) {
        CompletableFuture<Sockets.ReadResult> got =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return Sockets.readToEnd(client.getInputStream());
                  } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                  }
                });
        clock.awaitRead(proxy, DOWNSTREAM, size);
        long atOnce = written(proxy, DOWNSTREAM);
        assertThat(atOnce).as("bytes passed before any time did").isZero();
        clock.ticker.advance(Duration.ofSeconds(1), Duration.ofMillis(1));
        long inASecond = written(proxy, DOWNSTREAM);
        assertThat(inASecond)
            .as("bytes in a second at %d bytes/s", rate)
            .isBetween((long) (rate * 0.99), rate);
        clock.ticker.advance(Duration.ofMillis(600), Duration.ofMillis(1));
        Sockets.ReadResult r = got.get(10, TimeUnit.SECONDS);
        assertThat(r.bytes()).hasSize(size);
        assertThat(r.end()).isEqualTo("eof");
      }
    }
  }

  @Test
  void rateZeroLetsNothingThroughUntilRemoved() throws Exception {
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = clock.engine.newProxy("zero").upstream(echo.address()).start();
      proxy.upstream().throttle(DataSize.ofBytes(0));
      try (Socket client = Sockets.connect(proxy)) {
        client.getOutputStream().write(5);
        clock.awaitRead(proxy, UPSTREAM, 1);
        clock.advanceMillis(Duration.ofHours(1).toMillis());
        // The upstream's accept runs on the echo server's thread: wait for it, do not race it.
        await("the upstream accepted the connection").until(() -> echo.acceptedCount() == 1);
        assertThat(proxy.metrics().bytesUpstream()).isZero();
        proxy.upstream().clear();
        assertThat(client.getInputStream().read()).isEqualTo(5);
      }
    }
  }

  @Test
  void toxiproxyRateIsInKilobytesPerSecond() {
    Toxic t = Toxic.of(ToxicType.BANDWIDTH, Direction.DOWNSTREAM, java.util.Map.of("rate", 5));
    assertThat(t.attributes()).containsEntry("rate", 5L).containsEntry("rate_bytes", 5000L);
  }
}
