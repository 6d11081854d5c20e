package dev.chaosproxy.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.testcontainers.internal.ProxyPorts;
import dev.chaosproxy.testcontainers.internal.ProxySpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Declaring HTTP proxies on a ChaosProxyContainer, before any engine is involved. */
class HttpProxyDeclarationTest {
  private final Toxic respond =
      Toxic.of(
              ToxicType.HTTP_RESPOND,
              Direction.DOWNSTREAM,
              Map.of("status", 503, "headers", Map.of("Retry-After", "1"), "path", "/version"))
          .named("outage");

  @Test
  void theConfigTheContainerGetsMakesAnHttpProxyWithItsToxics() {
    ProxyPorts ports = new ProxyPorts(8666, 256, 0);
    ports.declare(ProxySpec.of("web", "api:8474", Protocol.HTTP, respond));
    ports.declare(ProxySpec.of("db", "pg:5432"));
    JsonNode config = ports.config();
    assertThat(config.get(0).get("protocol").asText()).isEqualTo("http");
    assertThat(config.get(0).get("toxics").get(0).get("attributes").get("headers").isObject())
        .isTrue();
    assertThat(config.get(1).has("protocol")).isFalse(); // Toxiproxy's shape for a TCP proxy

    // the server reads it as --config does
    try (ChaosEngine engine = ChaosEngine.start()) {
      for (dev.chaosproxy.internal.api.ProxySpec s :
          dev.chaosproxy.internal.api.ProxySpec.parseAll(config, "127.0.0.1")) {
        s.createOrReplace(engine);
      }
      ProxyControl web = engine.proxy("web").orElseThrow();
      assertThat(web.protocol()).isEqualTo(Protocol.HTTP);
      assertThat(web.toxics()).containsExactly(respond);
      assertThat(engine.proxy("db").orElseThrow().protocol()).isEqualTo(Protocol.TCP);
    }
  }

  @Test
  void anHttpToxicOnATcpDeclarationSaysToDeclareAnHttpProxy() {
    ChaosProxyContainer chaos = new ChaosProxyContainer("chaos-proxy:0.1.0");
    assertThatThrownBy(() -> chaos.withProxy("web", "api:8474", respond))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("toxic 'outage' (http_respond) acts on HTTP requests")
        .hasMessageContaining("withHttpProxy(\"web\", ..)");
    chaos.withHttpProxy("web", "api:8474", respond);
    assertThatThrownBy(() -> chaos.withHttpProxy("web", "other:80"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already declared");
    assertThat(chaos.proxyPorts()).startsWith(8666);
    assertThatThrownBy(() -> chaos.createHttpProxy("late", "api:8474"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("createHttpProxy(\"late\", ..) needs a started container");
  }
}
