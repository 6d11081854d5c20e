package dev.chaosproxy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.testing.Http;
import dev.chaosproxy.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bandwidth toxic's {@code shared} and {@code link} over Toxiproxy's endpoints: absent, the
 * toxic keeps Toxiproxy's shape; given, they are listed, patched and checked.
 */
class SharedBandwidthApiTest {
  private final ChaosEngine engine = ChaosEngine.start();
  private final ControlServer server = ControlServer.builder(engine).start();
  private final Http api = new Http(server.uri());
  private final TestServer echo = TestServer.echo();

  @AfterEach
  void close() {
    server.close();
    engine.close();
    echo.close();
  }

  private void create(String name) {
    Http.Response r =
        api.post(
            "/proxies",
            "{\"name\":\""
                + name
                + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + echo.address()
                + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  private static List<String> fields(JsonNode attributes) {
    List<String> names = new ArrayList<>();
    attributes.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void absentTheToxicHasToxiproxysAttributes() {
    create("bw");
    JsonNode t =
        api.post("/proxies/bw/toxics", "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":100}}")
            .json();
    assertThat(fields(t.get("attributes"))).containsExactly("rate", "rate_bytes");
    assertThat(Engines.core(engine).links().size()).isZero();
  }

  @Test
  void sharedIsListedAndMakesOneLink() {
    create("pool");
    Http.Response r =
        api.post(
            "/proxies/pool/toxics",
            "{\"type\":\"bandwidth\",\"stream\":\"downstream\",\"attributes\":{\"rate\":100,\"shared\":true}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("attributes").get("shared").asBoolean()).isTrue();
    assertThat(
            api.get("/proxies/pool/toxics/bandwidth_downstream")
                .json()
                .get("attributes")
                .get("shared")
                .isBoolean())
        .isTrue();
    assertThat(Engines.core(engine).links().size()).isEqualTo(1);
    assertThat(api.delete("/proxies/pool/toxics/bandwidth_downstream").status()).isEqualTo(204);
    assertThat(Engines.core(engine).links().size()).as("freed with its toxic").isZero();
  }

  @Test
  void twoProxiesNameOneLinkAndAPatchKeepsIt() {
    create("a");
    create("b");
    String body =
        "{\"type\":\"bandwidth\",\"stream\":\"downstream\",\"attributes\":{\"rate\":100,\"link\":\"wan\"}}";
    assertThat(api.post("/proxies/a/toxics", body).status()).isEqualTo(200);
    assertThat(api.post("/proxies/b/toxics", body).status()).isEqualTo(200);
    assertThat(Engines.core(engine).links().size()).as("one link, both proxies").isEqualTo(1);
    JsonNode patched =
        api.patch("/proxies/b/toxics/bandwidth_downstream", "{\"attributes\":{\"rate\":50}}")
            .json()
            .get("attributes");
    assertThat(patched.get("link").asText()).isEqualTo("wan");
    assertThat(patched.get("rate_bytes").asLong()).isEqualTo(50_000);
    assertThat(fields(patched)).containsExactly("rate", "rate_bytes", "link");
    assertThat(api.post("/reset", null).status()).isEqualTo(204);
    assertThat(Engines.core(engine).links().size()).isZero();
  }

  @Test
  void badValuesAreRefusedNamingTheAttribute() {
    create("bad");
    refused(
        "\"shared\":\"yes\"",
        "bandwidth toxic: attribute 'shared' must be true or false, was \"yes\"");
    refused("\"link\":\"\"", "attribute 'link' is 1 to 128 letters, digits, '.', '_', ':' or '-'");
    refused("\"link\":\"wan\",\"shared\":false", "'shared' cannot be false");
    assertThat(api.get("/proxies/bad/toxics").json().size()).isZero();
  }

  /** A bandwidth toxic with {@code attributes} beside its rate is refused with {@code message}. */
  private void refused(String attributes, String message) {
    Http.Response r =
        api.post(
            "/proxies/bad/toxics",
            "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":100," + attributes + "}}");
    assertThat(r.status()).as(attributes).isEqualTo(400);
    assertThat(r.error()).contains(message);
  }
}
