package dev.chaosproxy.testcontainers.contract;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testcontainers.internal.ControlClient;
import dev.chaosproxy.testcontainers.internal.RemoteProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
    ProxyControl local = engine.newProxy(name).upstream(echo.address()).start();
    return new RemoteProxy(new RemoteProxy.Remote(client, name, "127.0.0.1", local.port(), local.port(), local.seed(),
        () -> {}));
  }

  @Override
  protected String echoAddress() {
    return echo.address();
  }
}
