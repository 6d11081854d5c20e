package dev.chaosproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fluent vocabulary's bookkeeping: names, upserts, views, errors. */
class ChaosApiTest {
  private final ChaosEngine engine = ChaosEngine.start();
  private final ProxyControl proxy = engine.newProxy("api").upstream("127.0.0.1:9").start();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void fluentCallsNameToxicsByTypeAndDirectionAndReplaceThem() {
    proxy.delay(Duration.ofMillis(100)).downstream().throttle(DataSize.ofKiB(10));
    proxy.delay(Duration.ofMillis(300));
    assertThat(proxy.toxics())
        .extracting(Toxic::name)
        .containsExactly("latency_upstream", "latency_downstream", "bandwidth_downstream");
    assertThat(proxy.toxics().get(0).attributes()).containsEntry("latency", 300L);
    assertThat(proxy.downstream().toxics())
        .extracting(Toxic::name)
        .containsExactly("latency_downstream", "bandwidth_downstream");
  }

  @Test
  void toxicityViewsSetTheToxicity() {
    proxy.downstream().toxicity(0.25).resetPeer(Duration.ofSeconds(1));
    Toxic t = proxy.toxics().get(0);
    assertThat(t.name()).isEqualTo("reset_peer_downstream");
    assertThat(t.toxicity()).isEqualTo(0.25);
    assertThatThrownBy(() -> proxy.toxicity(1.5))
        .hasMessageContaining("between 0.0 and 1.0, was 1.5");
  }

  @Test
  void addRefusesDuplicatesPutReplacesRemoveNamesWhatThereIs() {
    Toxic custom =
        Toxic.of(ToxicType.LATENCY, Direction.UPSTREAM, Map.of("latency", 5))
            .named("slow-db")
            .withToxicity(0.5);
    proxy.add(custom);
    assertThatThrownBy(() -> proxy.add(custom))
        .hasMessageContaining("toxic 'slow-db' already exists on proxy 'api'");
    proxy.put(custom.withAttributes(Map.of("latency", 9)));
    assertThat(proxy.toxics())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.attributes()).containsEntry("latency", 9L);
              assertThat(t.toxicity()).isEqualTo(0.5);
            });
    assertThatThrownBy(() -> proxy.remove("nope"))
        .hasMessageContaining("no toxic named 'nope' on proxy 'api'; toxics: [slow-db]");
    proxy.remove("slow-db");
    assertThat(proxy.toxics()).isEmpty();
  }

  @Test
  void clearOnAViewRemovesOnlyItsDirection() {
    proxy.delay(Duration.ofMillis(1)).throttle(DataSize.ofMB(1));
    proxy.upstream().clear();
    assertThat(proxy.toxics()).extracting(Toxic::direction).containsOnly(Direction.DOWNSTREAM);
    proxy.clear();
    assertThat(proxy.toxics()).isEmpty();
  }

  @Test
  void connectionWideFaultsAreOneToxic() {
    proxy.sessionLimit(Duration.ofSeconds(3)).slowConnect(Duration.ofMillis(20));
    assertThat(proxy.toxics())
        .extracting(Toxic::name)
        .containsExactly("session_limit_downstream", "slow_connect_upstream");
  }

  @Test
  void sessionLimitOnADirectionalViewBelongsToThatView() {
    proxy.upstream().sessionLimit(Duration.ofSeconds(3));
    assertThat(proxy.upstream().toxics())
        .extracting(Toxic::name)
        .containsExactly("session_limit_upstream");
    assertThat(proxy.downstream().toxics()).isEmpty();
    proxy.downstream().clear();
    assertThat(proxy.toxics()).hasSize(1);
    proxy.upstream().clear();
    assertThat(proxy.toxics()).isEmpty();

    proxy.downstream().toxicity(0.5).sessionLimit(Duration.ofSeconds(3));
    assertThat(proxy.downstream().toxics())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.name()).isEqualTo("session_limit_downstream");
              assertThat(t.toxicity()).isEqualTo(0.5);
            });
  }

  @Test
  void engineLookupRefusesANullName() {
    assertThat(engine.proxy("api")).contains(proxy);
    assertThat(engine.proxy("nope")).isEmpty();
    assertThatThrownBy(() -> engine.proxy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
  }

  @Test
  void badArgumentsSayWhatIsValid() {
    assertThatThrownBy(() -> proxy.delay(Duration.ofMillis(-1)))
        .hasMessageContaining("latency must be >= 0");
    assertThatThrownBy(() -> proxy.delay(Duration.ofMillis(-5)))
        .hasMessageEndingWith("latency must be >= 0, was -5ms");
    assertThatThrownBy(() -> ChaosEngine.builder().connectTimeout(Duration.ofMillis(-1500)))
        .hasMessage("connectTimeout must be positive, was -1500ms");
    assertThatThrownBy(() -> proxy.terminate(2))
        .hasMessageContaining("between 0.0 and 1.0, was 2.0");
    assertThatThrownBy(() -> proxy.slice(DataSize.ofBytes(0)))
        .hasMessageContaining("average_size' must be >= 1 byte");
    assertThatThrownBy(() -> DataSize.ofBytes(-1)).hasMessageContaining(">= 0 bytes");
    assertThatThrownBy(() -> DataSize.parse("10 parsecs"))
        .hasMessageContaining("B, KB, MB, KiB or MiB");
    assertThat(DataSize.parse("10KiB")).isEqualTo(DataSize.ofBytes(10240));
    assertThatThrownBy(() -> ToxicType.parse("lag"))
        .hasMessageContaining("valid types: latency, bandwidth");
    assertThatThrownBy(() -> Direction.parse("sideways"))
        .hasMessageContaining("'upstream' (client to server)");
    assertThatThrownBy(() -> Toxic.of(ToxicType.LATENCY, Direction.UPSTREAM, Map.of()).named("a b"))
        .hasMessageContaining("a toxic name is");
  }

  @Test
  void aClosedProxyRefusesChanges() {
    proxy.close();
    assertThatThrownBy(() -> proxy.delay(Duration.ofMillis(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("proxy 'api' is closed");
    proxy.close(); // idempotent
  }

  @Test
  void toStringSaysWhatItIs() {
    assertThat(proxy.toString())
        .startsWith("ProxyControl[api 127.0.0.1:")
        .endsWith(" -> 127.0.0.1:9]");
    assertThat(proxy.upstream().toxicity(0.5).toString()).endsWith(" upstream toxicity=0.5]");
  }
}
