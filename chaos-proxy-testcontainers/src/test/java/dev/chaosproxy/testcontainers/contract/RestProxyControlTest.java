package dev.chaosproxy.testcontainers.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testcontainers.internal.ControlClient;
import dev.chaosproxy.testcontainers.internal.RemoteProxy;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link ProxyControl} contract on the remote handle without Docker: {@link RemoteProxy} over
 * REST to a {@link ControlServer} in this JVM, clients straight to the proxy's port. It pins the
 * REST mapping (JSON, status codes, exceptions) on every build, with or without an engine.
 */
class RestProxyControlTest extends ProxyControlContract {
  private static ChaosEngine engine;
  private static ControlServer api;
  private static ControlClient client;
  private static EchoServer echo;

  @BeforeAll
  static void start() throws Exception {
    engine = ChaosEngine.start();
    api = ControlServer.builder(engine).start();
    client = new ControlClient("127.0.0.1", api.address().getPort(), null);
    echo = new EchoServer();
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    engine.close();
    echo.close();
  }

  @Override
  protected ProxyControl newProxy(String name) {
    return remoteOf(client, engine.newProxy(name).upstream(echo.address()).start());
  }

  /** The remote handle, through {@code client}, of the in-process proxy {@code local}. */
  static ProxyControl remoteOf(ControlClient client, ProxyControl local) {
    String name = local.name();
    RemoteProxy.Remote remote =
        new RemoteProxy.Remote(
            client, name, "127.0.0.1", local.port(), local.port(), local.seed(), () -> {});
    remote.saw(
        client.get(
            client.url("proxies", name), (code, message) -> new IllegalStateException(message)));
    return new RemoteProxy(remote);
  }

  @Override
  protected String echoAddress() {
    return echo.address();
  }

  // ---- what only the remote handle says (in-process says less: see each test) ----

  /**
   * In-process, {@code connection(null)} is the NullPointerException of a map lookup, without a
   * message.
   */
  @Test
  void aNullConnectionIdIsNamed() {
    assertThatThrownBy(() -> proxy.connection(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("id");
  }

  /** In-process, {@code toString()} of a closed proxy does not say it is closed. */
  @Test
  void toStringSaysWhereInTheContainerAndWhetherClosed() {
    RemoteProxy remote = (RemoteProxy) proxy;
    String open = proxy.toString();
    assertThat(open)
        .startsWith(
            "ProxyControl[" + proxy.name() + " 127.0.0.1:" + proxy.port() + " -> " + echoAddress())
        .contains("container port " + remote.listenPort())
        .contains("API http://127.0.0.1:")
        .doesNotContain("closed")
        .doesNotContain("down");
    proxy.down();
    assertThat(proxy.toString()).contains("(down)");
    proxy.close();
    assertThat(proxy.toString())
        .contains(proxy.name())
        .contains(echoAddress())
        .contains("(closed)")
        .doesNotContain("down");
    assertThat(proxy.downstream().toString()).contains("(closed)").endsWith(" downstream]");
    assertThat(remote.isClosed()).isTrue();
  }

  /**
   * In-process, connection(..), killAll and inject on a closed proxy answer as if it had no
   * connections.
   */
  @Test
  void aClosedRemoteProxyRefusesConnectionCallsToo() {
    proxy.close();
    String closed = "proxy '" + proxy.name() + "' is closed";
    assertThatThrownBy(() -> proxy.connection("1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(closed);
    assertThatThrownBy(() -> proxy.killAll("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(closed);
    assertThatThrownBy(() -> proxy.inject(new byte[] {1}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(closed);
    proxy.inject(new byte[0]); // nothing to write: nothing to refuse, as in-process
    assertThat(proxy.awaitConnections(0, Duration.ZERO)).isEmpty();
  }

  @Test
  void urlsAreMadeOfWholeSegments() {
    assertThat(client.url("connections", "a/b?c#d").encodedPath())
        .isEqualTo("/connections/a%2Fb%3Fc%23d");
    for (String dots : new String[] {"", ".", "..", "%2e", "%2E%2e", ".%2E", "%2e."}) {
      assertThatThrownBy(() -> client.url("proxies", dots))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + dots + "' cannot be a name in a URL");
    }
    assertThat(client.url("proxies", "...").encodedPath()).isEqualTo("/proxies/...");
  }
}
