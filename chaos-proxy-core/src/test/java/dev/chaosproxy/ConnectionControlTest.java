package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection registry and chaos on a single connection, on a fake clock. */
class ConnectionControlTest {
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
  void listsLiveConnectionsWithAddressesAndBytes() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      Timing.roundTrip(client);
      Timing.roundTrip(client);
      List<ConnectionInfo> live = proxy.awaitConnections(1, Duration.ofSeconds(5));
      // The counters move just after the write that delivered the bytes: poll, do not race.
      await("2 bytes counted downstream")
          .until(() -> proxy.connections().get(0).bytesDownstream() == 2);
      ConnectionInfo info = proxy.connections().get(0);
      assertThat(info.proxy()).isEqualTo("svc");
      assertThat(info.client().getPort()).isEqualTo(client.getLocalPort());
      assertThat(info.upstream().getPort()).isEqualTo(echo.port());
      assertThat(info.bytesUpstream()).isEqualTo(2);
      assertThat(info.bytesDownstream()).isEqualTo(2);
      assertThat(info.state()).isEqualTo("open");
      assertThat(proxy.connection(info.id()).info().id()).isEqualTo(info.id());
    }
    await("the closed connection leaves the registry").until(() -> proxy.connections().isEmpty());
    ProxyMetrics m = proxy.metrics();
    assertThat(m.connectionsTotal()).isEqualTo(1);
    assertThat(m.connectionsActive()).isZero();
    assertThat(m.bytesUpstream()).isEqualTo(2);
    assertThat(m.bytesDownstream()).isEqualTo(2);
  }

  @Test
  void chaosOnOneConnectionLeavesTheOthersAlone() throws Exception {
    try (Socket slow = Sockets.connect(proxy)) {
      Timing.roundTrip(slow);
      String id = proxy.awaitConnections(1, Duration.ofSeconds(5)).get(0).id();
      try (Socket fast = Sockets.connect(proxy)) {
        ConnectionControl c = proxy.connection(id);
        c.downstream().delay(Duration.ofMillis(150));
        assertThat(c.toxics()).extracting(Toxic::name).containsExactly("latency_downstream");
        assertThat(proxy.toxics()).isEmpty();
        assertThat(clock.roundTripMillis(proxy, slow)).isEqualTo(150);
        assertThat(clock.roundTripMillis(proxy, fast)).isZero();
        assertThat(c.info().toxics()).containsExactly("latency_downstream");
        c.reset();
        assertThat(clock.roundTripMillis(proxy, slow)).isZero();
      }
    }
  }

  @Test
  void aConnectionsToxicReplacesTheProxysToxicOfTheSameName() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      Timing.roundTrip(client);
      ConnectionControl c =
          proxy.connection(proxy.awaitConnections(1, Duration.ofSeconds(5)).get(0).id());
      proxy.downstream().delay(Duration.ofMillis(400));
      c.downstream().delay(Duration.ofMillis(100));
      assertThat(c.info().toxics()).containsExactly("latency_downstream");
      assertThat(clock.roundTripMillis(proxy, client)).isEqualTo(100);
      c.reset(); // the proxy's delay is back
      assertThat(clock.roundTripMillis(proxy, client)).isEqualTo(400);
    }
  }

  @Test
  void proxyResetClearsConnectionChaosToo() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      Timing.roundTrip(client);
      ConnectionControl c =
          proxy.connection(proxy.awaitConnections(1, Duration.ofSeconds(5)).get(0).id());
      c.delay(Duration.ofMillis(200));
      proxy.delay(Duration.ofMillis(200));
      proxy.reset();
      assertThat(c.toxics()).isEmpty();
      assertThat(proxy.toxics()).isEmpty();
      assertThat(clock.roundTripMillis(proxy, client)).isZero();
    }
  }

  @Test
  void injectWritesIntoLiveStreams() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      Timing.roundTrip(client);
      proxy.awaitConnections(1, Duration.ofSeconds(5));
      proxy.downstream().inject("hello".getBytes());
      assertThat(client.getInputStream().readNBytes(5)).isEqualTo("hello".getBytes());
      // Upstream injection reaches the echo server, which sends it back.
      proxy.upstream().inject("again".getBytes());
      assertThat(client.getInputStream().readNBytes(5)).isEqualTo("again".getBytes());
    }
  }

  @Test
  void unknownConnectionIsAClearError() {
    assertThatThrownBy(() -> proxy.connection("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no live connection 'nope'");
  }

  @Test
  void aNullConnectionIdIsRefusedByName() {
    assertThatThrownBy(() -> proxy.connection(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("id");
  }

  @Test
  void awaitConnectionsSaysHowManyThereWere() {
    assertThatThrownBy(() -> proxy.awaitConnections(2, Duration.ofMillis(100)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has 0 live connection(s), not 2");
  }
}
