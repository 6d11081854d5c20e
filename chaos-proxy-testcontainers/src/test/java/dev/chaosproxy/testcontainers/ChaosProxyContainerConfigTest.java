package dev.chaosproxy.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/** Declaring a ChaosProxyContainer, before any engine is involved. */
class ChaosProxyContainerConfigTest {
  private final ChaosProxyContainer chaos = new ChaosProxyContainer("chaos-proxy:0.1.0");

  @Test
  void takesChaosProxyImagesAndDeclaredSubstitutesOnly() {
    new ChaosProxyContainer(DockerImageName.parse("chaos-proxy:c-0123abcd"));
    new ChaosProxyContainer(
        DockerImageName.parse("registry.example/team/chaos:1")
            .asCompatibleSubstituteFor("chaos-proxy"));
    assertThatThrownBy(() -> new ChaosProxyContainer("ghcr.io/shopify/toxiproxy:2.12.0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chaos-proxy");
  }

  @Test
  void exposesTheControlPortAndOnePortPerProxyAndReservedPort() {
    chaos.withProxy("redis", "redis:6379").withProxy("pg", "postgres:5432").withReservedPorts(2);
    assertThat(chaos.proxyPorts()).containsExactly(8666, 8667, 8668, 8669);
    assertThat(chaos.getExposedPorts()).containsExactly(ChaosProxyContainer.CONTROL_PORT);
    assertThat(new ChaosProxyContainer("chaos-proxy").proxyPorts())
        .hasSize(ChaosProxyContainer.DEFAULT_RESERVED_PORTS);
  }

  @Test
  void badDeclarationsSayWhatIsValid() {
    assertThatThrownBy(() -> chaos.withProxy("has space", "redis:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a proxy name is 1 to 128 letters");
    for (String dots : new String[] {".", ".."}) {
      assertThatThrownBy(() -> chaos.withProxy(dots, "redis:6379"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("other than '.' and '..'")
          .hasMessageContaining("was '" + dots + "'");
    }
    chaos.withProxy("...", "redis:6379"); // a name like any other
    assertThatThrownBy(() -> chaos.withProxy("redis", "redis"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("upstream of proxy 'redis'")
        .hasMessageContaining("host:port");
    chaos.withProxy("redis", "redis:6379");
    assertThatThrownBy(() -> chaos.withProxy("redis", "other:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already declared (to redis:6379)");
    Toxic t = Toxic.of(ToxicType.LATENCY, Direction.DOWNSTREAM, Map.of("latency", 10));
    assertThatThrownBy(() -> chaos.withProxy("twice", "redis:6379", t, t))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("named 'latency_downstream'");
    assertThatThrownBy(() -> chaos.withReservedPorts(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and");
    assertThatThrownBy(() -> chaos.withApiToken("with space"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("printable ASCII");
  }

  @Test
  void aMemoryBudgetBecomesAFlagBesideTheApi() {
    chaos.withMemoryBudget(dev.chaosproxy.DataSize.ofMiB(64)).withSeed(7);
    chaos.configure();
    // Between them: --api-allowed-host for each network alias (the API answers loopback names
    // anyway).
    assertThat(chaos.getCommandParts())
        .containsSubsequence(
            "--api",
            "0.0.0.0:8474",
            "--random-seed",
            "7",
            "--memory-budget",
            Long.toString(64L << 20));
    assertThat(String.join(" ", chaos.getCommandParts()))
        .contains("--memory-budget " + (64L << 20))
        .contains("--api-allowed-host " + chaos.getNetworkAliases().get(0))
        .doesNotContain("--api-allowed-host localhost");
    assertThatThrownBy(() -> chaos.withMemoryBudget(dev.chaosproxy.DataSize.ofKiB(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16KiB");
  }

  @Test
  void handlesNeedAStartedContainer() {
    chaos.withProxy("redis", "redis:6379");
    assertThatThrownBy(() -> chaos.proxy("redis"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a started container");
    assertThatThrownBy(() -> chaos.createProxy("late", "echo:7"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs a started container");
  }
}
