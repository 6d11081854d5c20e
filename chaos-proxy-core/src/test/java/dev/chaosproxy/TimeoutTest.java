package dev.chaosproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timeout toxic and the blackhole: data dropped, connection closed after T or never. */
class TimeoutTest {
  private final ChaosEngine engine = ChaosEngine.start();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void blackholedResponseNeverArrivesUntilRemovedThenTheConnectionCloses() throws Exception {
    CompletableFuture<Integer> serverGot = new CompletableFuture<>();
    try (TestServer server = TestServer.start(s -> {
      serverGot.complete(s.getInputStream().read());
      s.getOutputStream().write(2);
      s.getInputStream().readAllBytes();
    })) {
      ProxyControl proxy = engine.newProxy("hole").upstream(server.address()).start();
      proxy.downstream().blackhole();
      try (Socket client = Sockets.connect(proxy)) {
        client.setSoTimeout(500);
        client.getOutputStream().write(1);
        assertThat(serverGot.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("timeout");
        client.setSoTimeout(5000);
        proxy.reset();
        // As in Toxiproxy: the stream lost bytes, so lifting the blackhole closes it.
        assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("eof");
      }
    }
  }

  @Test
  void timeoutDropsDataAndClosesAfterItsTime() throws Exception {
    CompletableFuture<Integer> serverGot = new CompletableFuture<>();
    try (TestServer server = TestServer.start(s -> serverGot.complete(s.getInputStream().readAllBytes().length))) {
      ProxyControl proxy = engine.newProxy("timeout").upstream(server.address()).start();
      proxy.upstream().timeout(Duration.ofMillis(300));
      try (Socket client = Sockets.connect(proxy)) {
        long start = System.nanoTime();
        client.getOutputStream().write(new byte[1000]);
        assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("eof");
        assertThat(Timing.millisSince(start)).isBetween(250.0, 2000.0);
      }
      assertThat(serverGot.get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void zeroTimeoutIsABlackholeAndSaysSo() {
    ProxyControl proxy = engine.newProxy("z").start();
    assertThatThrownBy(() -> proxy.timeout(Duration.ZERO)).hasMessageContaining("blackhole()");
  }
}
