package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Faults that reset connections: terminate, reset_peer, session_limit, kill; on a fake clock. */
class TerminationTest {
  private final FakeClock clock = new FakeClock();
  private final ChaosEngine engine = clock.engine;
  private final TestServer echo = TestServer.echo();
  private final ProxyControl proxy = engine.newProxy("svc").upstream(echo.address()).start();

  @AfterEach
  void close() {
    clock.close();
    echo.close();
  }

  @Test
  void terminateResetsOnTheFirstOperationAtProbabilityOne() throws Exception {
    proxy.upstream().terminate(1.0);
    try (Socket client = Sockets.connect(proxy)) {
      client.getOutputStream().write(1);
      assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("reset");
    }
    assertThat(proxy.metrics().faults().get("terminate")).isEqualTo(1);
  }

  @Test
  void resetPeerResetsInMidResponse() throws Exception {
    CompletableFuture<String> serverSaw = new CompletableFuture<>();
    try (TestServer talker =
        TestServer.start(
            s -> {
              s.setSoTimeout(10_000);
              s.getInputStream().readNBytes(1);
              s.getOutputStream().write("response".getBytes());
              serverSaw.complete(Sockets.readOutcome(s.getInputStream()));
            })) {
      ProxyControl p = engine.newProxy("mid-response").upstream(talker.address()).start();
      p.downstream().resetPeer(Duration.ZERO);
      try (Socket client = Sockets.connect(p)) {
        client.getOutputStream().write(1);
        assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("reset");
      }
      assertThat(serverSaw.get(10, TimeUnit.SECONDS)).isEqualTo("reset");
    }
  }

  @Test
  void resetPeerStillResetsWhenTheUpstreamClosesRightAfterItsResponse() throws Exception {
    // An HTTP/1.0 server: the response and its FIN arrive together; the client must see a reset.
    try (TestServer oneShot =
        TestServer.start(
            s -> {
              s.getInputStream().readNBytes(1);
              s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\nbye".getBytes());
              s.shutdownOutput();
            })) {
      ProxyControl p = engine.newProxy("one-shot").upstream(oneShot.address()).start();
      p.downstream().resetPeer(Duration.ZERO);
      for (int i = 0; i < 20; i++) {
        try (Socket client = Sockets.connect(p)) {
          client.getOutputStream().write(1);
          assertThat(Sockets.readOutcome(client.getInputStream()))
              .as("attempt " + i)
              .isEqualTo("reset");
        }
      }
    }
  }

  @Test
  void resetPeerWaitsItsTimeoutAfterTheFirstData() throws Exception {
    proxy.upstream().resetPeer(Duration.ofMillis(300));
    try (Socket client = Sockets.connect(proxy)) {
      client.getOutputStream().write(1);
      clock.awaitRead(proxy, Direction.UPSTREAM, 1);
      clock.advanceMillis(299);
      assertThat(proxy.metrics().connectionsActive()).as("open at 299 ms").isEqualTo(1);
      clock.advanceMillis(1);
      assertThat(proxy.metrics().connectionsActive()).as("open at 300 ms").isZero();
      assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("reset");
    }
  }

  @Test
  void sessionLimitCutsABusyConnection() throws Exception {
    proxy.sessionLimit(Duration.ofMillis(400));
    try (Socket client = Sockets.connect(proxy)) {
      for (int at = 0; at < 400; at += 100) {
        Timing.roundTrip(client); // busy all along
        clock.advanceMillis(at == 300 ? 99 : 100);
      }
      Timing.roundTrip(client);
      assertThat(proxy.metrics().connectionsActive()).as("open at 399 ms").isEqualTo(1);
      clock.advanceMillis(1);
      assertThat(proxy.metrics().connectionsActive()).as("open at 400 ms").isZero();
      assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("reset");
    }
    assertThat(proxy.metrics().faults().get("session_limit")).isEqualTo(1);
  }

  @Test
  void sessionLimitOnAConnectionsUpstreamViewCutsThatConnection() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      Timing.roundTrip(client);
      ConnectionControl c =
          proxy.connection(proxy.awaitConnections(1, Duration.ofSeconds(5)).get(0).id());
      c.upstream().sessionLimit(Duration.ZERO);
      assertThat(c.upstream().toxics())
          .extracting(Toxic::name)
          .containsExactly("session_limit_upstream");
      // At once: with time standing still.
      assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("reset");
    }
    await("the cut is counted")
        .until(() -> proxy.metrics().faults().getOrDefault("session_limit", 0L) == 1);
  }

  @Test
  void killResetsOneConnectionAndKeepsTheOthers() throws Exception {
    try (Socket a = Sockets.connect(proxy);
        Socket b = Sockets.connect(proxy)) {
      Timing.roundTrip(a);
      Timing.roundTrip(b);
      var live = proxy.awaitConnections(2, Duration.ofSeconds(5));
      ConnectionControl first = proxy.connection(live.get(0).id());
      first.kill("test says so");
      assertThat(first.isOpen()).isFalse();
      // Which socket is the first depends on accept order: find the reset one.
      String ra = Sockets.readOutcome(withTimeout(a, 300));
      String rb = Sockets.readOutcome(withTimeout(b, 300));
      assertThat(new String[] {ra, rb}).containsExactlyInAnyOrder("reset", "timeout");
      assertThatThrownBy(() -> first.delay(Duration.ofMillis(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("killed: test says so");
      assertThat(proxy.connections()).hasSize(1);
    }
  }

  @Test
  void killAllResetsEveryConnection() throws Exception {
    try (Socket a = Sockets.connect(proxy);
        Socket b = Sockets.connect(proxy)) {
      Timing.roundTrip(a);
      Timing.roundTrip(b);
      assertThat(proxy.killAll("teardown")).isEqualTo(2);
      assertThat(Sockets.readOutcome(a.getInputStream())).isEqualTo("reset");
      assertThat(Sockets.readOutcome(b.getInputStream())).isEqualTo("reset");
      await("no connection is left").until(() -> proxy.metrics().connectionsActive() == 0);
    }
  }

  private static InputStream withTimeout(Socket s, int millis) throws Exception {
    s.setSoTimeout(millis);
    return s.getInputStream();
  }
}
