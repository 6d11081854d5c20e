package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A proxy taken down: refused for new clients, closed for live ones, back up on the same port. */
class DownTest {
  private final ChaosEngine engine = ChaosEngine.start();
  private final TestServer echo = TestServer.echo();

  @AfterEach
  void close() {
    engine.close();
    echo.close();
  }

  @Test
  void downRefusesAndClosesUpRestores() throws Exception {
    ProxyControl proxy = engine.newProxy("flaky").upstream(echo.address()).start();
    int port = proxy.port();
    try (Socket live = Sockets.connect(proxy)) {
      Timing.roundTrip(live);
      proxy.down();
      assertThat(proxy.enabled()).isFalse();
      assertThat(Sockets.readOutcome(live.getInputStream())).isEqualTo("eof");
      assertThatThrownBy(() -> Sockets.connect(proxy)).isInstanceOf(ConnectException.class);
    }
    await("the live connection was closed").until(() -> proxy.metrics().connectionsActive() == 0);
    proxy.up();
    assertThat(proxy.port()).isEqualTo(port);
    try (Socket again = Sockets.connect(proxy)) {
      Timing.roundTrip(again);
    }
  }

  @Test
  void resetBringsItUp() throws Exception {
    ProxyControl proxy = engine.newProxy("reset-up").upstream(echo.address()).start();
    proxy.down().reset();
    assertThat(proxy.enabled()).isTrue();
    try (Socket again = Sockets.connect(proxy)) {
      Timing.roundTrip(again);
    }
  }

  @Test
  void aProxyCanStartDown() throws Exception {
    ProxyControl proxy =
        engine
            .newProxy("starts-down")
            .listen("127.0.0.1:0")
            .upstream(echo.address())
            .enabled(false)
            .start();
    assertThat(proxy.enabled()).isFalse();
    int port = proxy.port();
    assertThat(port)
        .as("a port is chosen while down, so clients can be pointed at it")
        .isPositive();
    assertThatThrownBy(() -> Sockets.connect(proxy).close())
        .isInstanceOf(java.net.ConnectException.class);
    proxy.up();
    assertThat(proxy.port()).isEqualTo(port);
    try (Socket c = Sockets.connect(proxy)) {
      Timing.roundTrip(c);
    }
  }
}
