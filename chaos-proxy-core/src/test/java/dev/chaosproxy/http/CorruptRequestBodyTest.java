package dev.chaosproxy.http;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.Direction;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code corruptRequestBody}: the request body the upstream gets is changed, its length kept. */
class CorruptRequestBodyTest {
  private final ChaosEngine engine = ChaosEngine.builder().seed(5).build();
  private final Backend backend;
  private final ProxyControl api;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(ofSeconds(5))
          .build();

  CorruptRequestBodyTest() throws IOException {
    backend = new Backend();
    api = engine.newProxy("api").http().upstream(backend.address()).start();
  }

  @AfterEach
  void close() {
    engine.close();
    backend.close();
  }

  private byte[] echo(byte[] body) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create("http://" + api.host() + ":" + api.port() + "/echo"))
                .timeout(ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .body();
  }

  @Test
  void theUpstreamGetsAChangedBodyOfTheSameLength() throws Exception {
    api.http().on("POST", "/echo").corruptRequestBody(0.1);
    Toxic t = api.toxics().get(0);
    assertThat(t.type()).isEqualTo(ToxicType.HTTP_CORRUPT);
    assertThat(t.direction()).isEqualTo(Direction.UPSTREAM);

    byte[] sent = Backend.pattern(20000);
    byte[] echoed = echo(sent);
    assertThat(echoed).hasSize(20000).isNotEqualTo(sent);
  }

  @Test
  void theResponseIsLeftAlone() throws Exception {
    api.http().on("GET", "/echo").corruptRequestBody(1.0); // another method: no match
    byte[] sent = Backend.pattern(5000);
    assertThat(echo(sent)).isEqualTo(sent);
  }
}
