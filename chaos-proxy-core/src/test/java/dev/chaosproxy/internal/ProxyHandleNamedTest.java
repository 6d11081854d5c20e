package dev.chaosproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handle under another name (the JUnit extension's declared names): what reports it, and what
 * keeps the engine's.
 */
class ProxyHandleNamedTest {
  private final ChaosEngine engine = ChaosEngine.start();
  private final TestServer echo = TestServer.echo();

  @AfterEach
  void close() {
    engine.close();
    echo.close();
  }

  @Test
  void namesMetricsConnectionsAndToStringUseTheDisplayName() throws Exception {
    ProxyControl engineProxy = engine.newProxy("db:FooTest.bar").upstream(echo.address()).start();
    ProxyControl db = ((ProxyHandle) engineProxy).named("db");
    assertThat(db.name()).isEqualTo("db");
    assertThat(db.upstream().name()).as("views keep the name").isEqualTo("db");
    assertThat(db.metrics().proxy()).isEqualTo("db");
    assertThat(db.toString()).startsWith("ProxyControl[db 127.0.0.1:");
    try (Socket client = Sockets.connect(db)) {
      Timing.roundTrip(client);
      List<ConnectionInfo> live = db.awaitConnections(1, Duration.ofSeconds(5));
      assertThat(live).extracting(ConnectionInfo::proxy).containsExactly("db");
      assertThat(db.connections()).extracting(ConnectionInfo::proxy).containsExactly("db");
      assertThat(db.connection(live.get(0).id()).info().proxy()).isEqualTo("db");
      assertThat(db.connection(live.get(0).id()).upstream().info().proxy()).isEqualTo("db");
      assertThat(engineProxy.connections())
          .extracting(ConnectionInfo::proxy)
          .containsExactly("db:FooTest.bar");
    }
    assertThat(db.delay(Duration.ofMillis(5)).toxics())
        .isEqualTo(engineProxy.toxics())
        .isNotEmpty();
    db.close();
    assertThatThrownBy(() -> db.killAll("x"))
        .as("errors name the engine's proxy, as the logs do")
        .hasMessage("proxy 'db:FooTest.bar' is closed");
  }
}
