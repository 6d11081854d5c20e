package dev.chaosproxy.testcontainers.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.testcontainers.internal.ControlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code throttleShared} and {@code throttleLink} on the remote handle, over REST to a {@link
 * ControlServer} in this JVM (no Docker): the same toxics as in-process, one link for two proxies.
 */
class RestSharedThrottleTest {
  private final ChaosEngine engine = ChaosEngine.start();
  private final ControlServer api = ControlServer.builder(engine).start();
  private final ControlClient client =
      new ControlClient("127.0.0.1", api.address().getPort(), null);

  @AfterEach
  void stop() {
    api.close();
    engine.close();
  }

  private ProxyControl remote(String name) {
    return RestProxyControlTest.remoteOf(
        client, engine.newProxy(name).upstream("127.0.0.1:9").start());
  }

  @Test
  void remoteCallsMakeTheToxicsInProcessCallsMake() {
    ProxyControl a = remote("a");
    ProxyControl b = remote("b");
    a.downstream().throttleShared(DataSize.ofKB(100));
    b.downstream().throttleLink("wan", DataSize.ofMB(1));
    ProxyControl localA = engine.proxy("a").orElseThrow();
    ProxyControl localB = engine.proxy("b").orElseThrow();
    assertThat(a.toxics()).isEqualTo(localA.toxics());
    assertThat(b.toxics()).isEqualTo(localB.toxics());
    assertThat(a.toxics().get(0).attributes()).containsEntry("shared", true);
    assertThat(b.toxics().get(0).attributes()).containsEntry("link", "wan");

    a.downstream().throttleLink("wan", DataSize.ofMB(2));
    assertThat(Engines.core(engine).links().size()).as("both proxies on one link").isEqualTo(1);
    a.reset();
    b.reset();
    assertThat(Engines.core(engine).links().size()).isZero();
  }
}
