package dev.chaosproxy.testcontainers.contract;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ProxyControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link ProxyControl} contract on a proxy in this JVM, in front of a loopback echo server. */
class InProcessProxyControlTest extends ProxyControlContract {
  private static ChaosEngine engine;
  private static EchoServer echo;

  @BeforeAll
  static void start() throws Exception {
    engine = ChaosEngine.start();
    echo = new EchoServer();
  }

  @AfterAll
  static void stop() throws Exception {
    engine.close();
    echo.close();
  }

  @Override
  protected ProxyControl newProxy(String name) {
    return engine.newProxy(name).upstream(echo.address()).start();
  }

  @Override
  protected String echoAddress() {
    return echo.address();
  }
}
