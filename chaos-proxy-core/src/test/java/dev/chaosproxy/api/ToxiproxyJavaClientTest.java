package dev.chaosproxy.api;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.Direction;
import dev.chaosproxy.FakeClock;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Toxiproxy client users already have, unmodified, against our server: every call it makes, and
 * traffic through the proxy showing each effect.
 */
class ToxiproxyJavaClientTest {
  private final FakeClock clock = new FakeClock();
  private final ChaosEngine engine = clock.engine;
  private final ControlServer server = ControlServer.builder(engine).start();
  private final ToxiproxyClient client =
      new ToxiproxyClient("127.0.0.1", server.address().getPort());
  private final TestServer echo = TestServer.echo();

  /** Writes 40,000 bytes and closes. */
  private final TestServer source =
      TestServer.start(
          s -> {
            s.getOutputStream().write(new byte[40_000]);
            s.shutdownOutput();
            s.getInputStream().read();
          });

  @AfterEach
  void close() {
    server.close();
    clock.close();
    echo.close();
    source.close();
  }

  /** Milliseconds of proxy time a byte takes through the proxy named {@code name} and back. */
  private long roundTrip(String name, Socket s) throws IOException {
    return clock.roundTripMillis(proxy(name), s);
  }

  private ProxyControl proxy(String name) {
    return engine.proxy(name).orElseThrow();
  }

  private static Socket connect(Proxy p) throws IOException {
    String listen = p.getListen();
    Socket s =
        new Socket("127.0.0.1", Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    return s;
  }

  @Test
  void proxiesCanBeCreatedListedUpdatedDisabledAndDeleted() throws Exception {
    assertThat(client.version()).contains("\"version\"");
    Proxy p = client.createProxy("redis", "127.0.0.1:0", echo.address());
    assertThat(p.getName()).isEqualTo("redis");
    assertThat(p.getListen()).doesNotEndWith(":0");
    assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("redis");
    assertThat(client.getProxy("redis").getUpstream()).isEqualTo(echo.address());
    assertThat(client.getProxyOrNull("nope")).isNull();
    assertThatThrownBy(() -> client.createProxy("redis", "127.0.0.1:0", echo.address()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("409");

    try (Socket s = connect(p)) {
      assertThat(Timing.roundTrip(s)).isPositive();
    }
    p.disable();
    assertThat(client.getProxy("redis").isEnabled()).isFalse();
    assertThatThrownBy(() -> connect(p).close()).isInstanceOf(ConnectException.class);
    p.enable();
    try (Socket s = connect(p)) {
      assertThat(Timing.roundTrip(s)).isPositive();
    }

    try (TestServer other = TestServer.echo()) {
      p.setUpstream(other.address());
      try (Socket s = connect(p)) {
        Timing.roundTrip(s);
      }
      assertThat(other.acceptedCount()).isEqualTo(1);
    }

    p.delete();
    assertThat(client.getProxies()).isEmpty();
  }

  @Test
  void latencyDelaysAndCanBeUpdatedAndRemoved() throws Exception {
    Proxy p = client.createProxy("lat", "127.0.0.1:0", echo.address());
    Latency latency = p.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 150);
    try (Socket s = connect(p)) {
      assertThat(roundTrip("lat", s)).isEqualTo(150);
      latency.setLatency(300);
      assertThat(roundTrip("lat", s)).isEqualTo(300);
      assertThat(p.toxics().get("slow", Latency.class).getLatency()).isEqualTo(300);
      latency.remove();
      assertThat(roundTrip("lat", s)).isZero();
    }
    assertThat(p.toxics().getAll()).isEmpty();
  }

  @Test
  void toxicityZeroLeavesNewConnectionsAlone() throws Exception {
    Proxy p = client.createProxy("tox", "127.0.0.1:0", echo.address());
    Latency latency = p.toxics().latency("slow", ToxicDirection.UPSTREAM, 300);
    latency.setToxicity(0f);
    assertThat(p.toxics().get("slow").getToxicity()).isZero();
    try (Socket s = connect(p)) {
      assertThat(roundTrip("tox", s)).isZero();
    }
  }

  /** Reads the source's 40,000 bytes through {@code name}; returns the proxy time they took. */
  private long millisToRelayTheSource(String name, Proxy p) throws Exception {
    try (Socket s = connect(p)) {
      CompletableFuture<byte[]> got =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return s.getInputStream().readAllBytes();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      clock.awaitRead(proxy(name), Direction.DOWNSTREAM, 40_000);
      long millis = clock.millisUntilWritten(proxy(name), Direction.DOWNSTREAM, 40_000);
      assertThat(got.get(10, TimeUnit.SECONDS)).hasSize(40_000);
      return millis;
    }
  }

  @Test
  void bandwidthThrottlesInKilobytesPerSecond() throws Exception {
    Proxy p = client.createProxy("bw", "127.0.0.1:0", source.address());
    p.toxics().bandwidth("thin", ToxicDirection.DOWNSTREAM, 50); // 50 KB/s: 40 KB take 0.8 s
    assertThat(millisToRelayTheSource("bw", p)).isBetween(795L, 805L);
  }

  @Test
  void slicerCutsTheStreamWithPausesBetweenPieces() throws Exception {
    Proxy p = client.createProxy("sl", "127.0.0.1:0", source.address());
    p.toxics().slicer("bits", ToxicDirection.DOWNSTREAM, 4000, 20_000); // 4 KB pieces, 20 ms apart
    // 10 pieces, 9 pauses; more where a read of the proxy's ended a piece early.
    assertThat(millisToRelayTheSource("sl", p)).isGreaterThanOrEqualTo(180);
  }

  @Test
  void slowCloseDelaysTheEndOfTheStream() throws Exception {
    Proxy p = client.createProxy("sc", "127.0.0.1:0", source.address());
    p.toxics().slowClose("late", ToxicDirection.DOWNSTREAM, 400);
    try (Socket s = connect(p)) {
      InputStream in = s.getInputStream();
      assertThat(in.readNBytes(40_000)).hasSize(40_000);
      ProxyControl proxy = proxy("sc");
      await("the upstream's close is held")
          .until(() -> proxy.metrics().faults().getOrDefault("slow_close", 0L) == 1);
      clock.advanceMillis(399);
      assertThat(proxy.connections().get(0).state()).as("at 399 ms").isEqualTo("open");
      clock.advanceMillis(1);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void timeoutStopsDataAndClosesTheConnection() throws Exception {
    Proxy p = client.createProxy("to", "127.0.0.1:0", echo.address());
    p.toxics().timeout("hang", ToxicDirection.DOWNSTREAM, 300);
    try (Socket s = connect(p)) {
      s.getOutputStream().write(1);
      clock.awaitRead(proxy("to"), Direction.DOWNSTREAM, 1);
      clock.advanceMillis(299);
      assertThat(proxy("to").metrics().connectionsActive()).as("open at 299 ms").isEqualTo(1);
      clock.advanceMillis(1);
      assertThat(Sockets.readOutcome(s.getInputStream())).isIn("eof", "reset");
    }
  }

  @Test
  void limitDataPassesExactlyThatManyBytes() throws Exception {
    Proxy p = client.createProxy("ld", "127.0.0.1:0", source.address());
    p.toxics().limitData("cap", ToxicDirection.DOWNSTREAM, 1234);
    try (Socket s = connect(p)) {
      assertThat(Sockets.readToEnd(s.getInputStream()).bytes()).hasSize(1234);
    }
  }

  @Test
  void resetPeerResetsOnceDataArrives() throws Exception {
    Proxy p = client.createProxy("rp", "127.0.0.1:0", echo.address());
    p.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 0);
    try (Socket s = connect(p)) {
      s.getOutputStream().write(1);
      assertThat(Sockets.readOutcome(s.getInputStream())).isEqualTo("reset");
    }
  }

  @Test
  void everyToxicTypeTheClientKnowsCanBeUpdatedAndRemoved() throws Exception {
    Proxy p = client.createProxy("each", "127.0.0.1:0", echo.address());
    var t = p.toxics();
    t.latency("latency", ToxicDirection.DOWNSTREAM, 10).setJitter(5).setLatency(20);
    t.bandwidth("bandwidth", ToxicDirection.UPSTREAM, 100).setRate(200);
    t.slowClose("slow_close", ToxicDirection.DOWNSTREAM, 10).setDelay(30);
    t.timeout("timeout", ToxicDirection.UPSTREAM, 1000).setTimeout(2000);
    t.slicer("slicer", ToxicDirection.DOWNSTREAM, 100, 0)
        .setAverageSize(200)
        .setSizeVariation(20)
        .setDelay(10);
    t.limitData("limit_data", ToxicDirection.UPSTREAM, 1000).setBytes(2000);
    t.resetPeer("reset_peer", ToxicDirection.DOWNSTREAM, 100).setTimeout(200);
    java.util.Map<String, eu.rekawek.toxiproxy.model.Toxic> byName = new java.util.HashMap<>();
    for (eu.rekawek.toxiproxy.model.Toxic x : t.getAll()) byName.put(x.getName(), x);
    assertThat(byName).hasSize(7);
    assertThat(((Latency) byName.get("latency")).getJitter()).isEqualTo(5);
    assertThat(((Latency) byName.get("latency")).getLatency()).isEqualTo(20);
    assertThat(((eu.rekawek.toxiproxy.model.toxic.Bandwidth) byName.get("bandwidth")).getRate())
        .isEqualTo(200);
    assertThat(((eu.rekawek.toxiproxy.model.toxic.SlowClose) byName.get("slow_close")).getDelay())
        .isEqualTo(30);
    assertThat(((eu.rekawek.toxiproxy.model.toxic.Timeout) byName.get("timeout")).getTimeout())
        .isEqualTo(2000);
    eu.rekawek.toxiproxy.model.toxic.Slicer slicer =
        (eu.rekawek.toxiproxy.model.toxic.Slicer) byName.get("slicer");
    assertThat(slicer.getAverageSize()).isEqualTo(200);
    assertThat(slicer.getSizeVariation()).isEqualTo(20);
    assertThat(slicer.getDelay()).isEqualTo(10);
    assertThat(((eu.rekawek.toxiproxy.model.toxic.LimitData) byName.get("limit_data")).getBytes())
        .isEqualTo(2000);
    assertThat(((eu.rekawek.toxiproxy.model.toxic.ResetPeer) byName.get("reset_peer")).getTimeout())
        .isEqualTo(200);
    assertThat(byName.get("bandwidth").getStream()).isEqualTo(ToxicDirection.UPSTREAM);
    for (eu.rekawek.toxiproxy.model.Toxic x : byName.values()) x.remove();
    assertThat(t.getAll()).isEmpty();
    try (Socket s = connect(p)) {
      assertThat(roundTrip("each", s)).isZero();
    }
  }

  @Test
  void resetRemovesEveryToxicAndEnablesEveryProxy() throws Exception {
    Proxy p = client.createProxy("all", "127.0.0.1:0", echo.address());
    p.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
    p.disable();
    client.reset();
    assertThat(client.getProxy("all").isEnabled()).isTrue();
    assertThat(p.toxics().getAll()).isEmpty();
    try (Socket s = connect(p)) {
      assertThat(roundTrip("all", s)).isZero();
    }
  }
}
