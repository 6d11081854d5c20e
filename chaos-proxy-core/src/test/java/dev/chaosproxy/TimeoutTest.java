package dev.chaosproxy;

import static dev.chaosproxy.Direction.DOWNSTREAM;
import static dev.chaosproxy.Direction.UPSTREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timeout toxic and the blackhole on a fake clock: data dropped, connection closed after
 * exactly T or never. WallClockTimingIT checks a timeout on real time.
 */
class TimeoutTest {
  private final FakeClock clock = new FakeClock();

  @AfterEach
  void close() {
    clock.close();
  }

  @Test
  void blackholedResponseNeverArrivesUntilRemovedThenTheConnectionCloses() throws Exception {
    CompletableFuture<Integer> serverGot = new CompletableFuture<>();
    try (TestServer server =
        TestServer.start(
            s -> {
              serverGot.complete(s.getInputStream().read());
              s.getOutputStream().write(2);
              s.getInputStream().readAllBytes();
            })) {
      ProxyControl proxy = clock.engine.newProxy("hole").upstream(server.address()).start();
      proxy.downstream().blackhole();
      try (Socket client = Sockets.connect(proxy)) {
        client.getOutputStream().write(1);
        assertThat(serverGot.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        clock.awaitRead(proxy, DOWNSTREAM, 1);
        clock.advanceMillis(Duration.ofHours(1).toMillis());
        assertThat(proxy.metrics().bytesDownstream()).as("bytes through the blackhole").isZero();
        assertThat(proxy.metrics().connectionsActive()).as("open after an hour").isEqualTo(1);
        proxy.reset();
        // As in Toxiproxy: the stream lost bytes, so lifting the blackhole closes it.
        assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("eof");
      }
    }
  }

  @Test
  void timeoutDropsDataAndClosesAfterItsTime() throws Exception {
    CompletableFuture<Integer> serverGot = new CompletableFuture<>();
    try (TestServer server =
        TestServer.start(s -> serverGot.complete(s.getInputStream().readAllBytes().length))) {
      ProxyControl proxy = clock.engine.newProxy("timeout").upstream(server.address()).start();
      proxy.upstream().timeout(Duration.ofMillis(300));
      try (Socket client = Sockets.connect(proxy)) {
        client.getOutputStream().write(new byte[1000]);
        clock.awaitRead(proxy, UPSTREAM, 1000);
        clock.advanceMillis(299);
        assertThat(proxy.metrics().connectionsActive()).as("open at 299 ms").isEqualTo(1);
        clock.advanceMillis(1);
        assertThat(proxy.metrics().connectionsActive()).as("open at 300 ms").isZero();
        assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("eof");
      }
      assertThat(serverGot.get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void zeroTimeoutIsABlackholeAndSaysSo() {
    ProxyControl proxy = clock.engine.newProxy("z").start();
    assertThatThrownBy(() -> proxy.timeout(Duration.ZERO)).hasMessageContaining("blackhole()");
  }
}
