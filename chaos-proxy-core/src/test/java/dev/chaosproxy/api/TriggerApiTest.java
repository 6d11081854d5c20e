package dev.chaosproxy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.testing.Http;
import dev.chaosproxy.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A toxic's trigger over REST: created, shown, replaced and removed; bad ones; the events. */
class TriggerApiTest {
  private final ChaosEngine engine = ChaosEngine.builder().seed(3).build();
  private final ControlServer server = ControlServer.builder(engine).start();
  private final Http api = new Http(server.uri());
  private final TestServer echo = TestServer.echo();

  @AfterEach
  void close() {
    server.close();
    engine.close();
    echo.close();
  }

  private int createProxy() {
    Http.Response r =
        api.post("/proxies", "{\"name\":\"db\",\"upstream\":\"" + echo.address() + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    String listen = r.json().get("listen").asText();
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  @Test
  void aTriggerIsKeptInItsCanonicalFormAndShownWithTheToxic() {
    createProxy();
    Http.Response r =
        api.post(
            "/proxies/db/toxics",
            "{\"type\":\"session_limit\",\"attributes\":{\"duration\":0},"
                + "\"trigger\":{\"first_connections\":2,\"once\":false}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode trigger = r.json().get("trigger");
    assertThat(trigger.get("connections_from").asLong()).isEqualTo(1);
    assertThat(trigger.get("connections_to").asLong()).isEqualTo(2);
    assertThat(trigger.get("once").asBoolean()).isFalse();
    assertThat(api.get("/proxies/db/toxics").json().get(0).get("trigger")).isEqualTo(trigger);
  }

  @Test
  void aToxicWithoutATriggerLooksExactlyAsInToxiproxy() {
    createProxy();
    Http.Response r = api.post("/proxies/db/toxics", "{\"type\":\"latency\"}");
    assertThat(r.json().has("trigger")).isFalse();
  }

  @Test
  void anUpdateReplacesTheTriggerAndNullRemovesIt() {
    createProxy();
    api.post(
        "/proxies/db/toxics",
        "{\"name\":\"slow\",\"type\":\"latency\",\"trigger\":{\"after_bytes\":10}}");
    Http.Response r = api.post("/proxies/db/toxics/slow", "{\"trigger\":{\"pattern\":\"COMMIT\"}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("trigger").toString()).isEqualTo("{\"pattern\":\"COMMIT\"}");
    r = api.post("/proxies/db/toxics/slow", "{\"trigger\":null}");
    assertThat(r.json().has("trigger")).isFalse();
  }

  @Test
  void badTriggersAre400sThatNameTheCondition() {
    createProxy();
    Http.Response r =
        api.post("/proxies/db/toxics", "{\"type\":\"latency\",\"trigger\":{\"after_byte\":10}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).contains("no condition 'after_byte'").contains("after_bytes (bytes");
    r =
        api.post(
            "/proxies/db/toxics",
            "{\"type\":\"latency\",\"trigger\":{\"client\":\"10.0.0.0/40\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).contains("prefix length").contains("0..32");
    r = api.post("/proxies/db/toxics", "{\"type\":\"latency\",\"trigger\":{\"regex\":\"(\"}}");
    assertThat(r.error()).contains("regex does not compile");
    r = api.post("/proxies/db/toxics", "{\"type\":\"latency\",\"trigger\":2}");
    assertThat(r.error()).contains("trigger must be an object of conditions");
    r = api.post("/proxies/db/toxics", "{\"type\":\"latency\",\"trigger\":{}}");
    assertThat(r.error()).contains("at least one condition");
    r =
        api.post(
            "/proxies/db/toxics", "{\"type\":\"slow_connect\",\"trigger\":{\"after_bytes\":1}}");
    assertThat(r.error()).contains("slow_connect acts on the whole connection");
  }

  @Test
  void eventsListWhatFiredWithConnectionNumbersAndOffsets() throws IOException {
    int port = createProxy();
    api.post(
        "/proxies/db/toxics",
        "{\"type\":\"limit_data\",\"stream\":\"upstream\",\"attributes\":{\"bytes\":0},"
            + "\"trigger\":{\"after_bytes\":3}}");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("abcdef".getBytes());
      s.getInputStream().readAllBytes(); // until limit_data closes it
    }
    assertThat(api.get("/proxies/db/metrics").json().get("bytes_upstream").asLong())
        .as("bytes passed to the upstream")
        .isEqualTo(3);
    JsonNode events = api.get("/proxies/db/events").json();
    assertThat(events.get("last").asLong()).isEqualTo(1);
    JsonNode e = events.get("events").get(0);
    assertThat(e.get("type").asText()).isEqualTo("limit_data");
    assertThat(e.get("stream").asText()).isEqualTo("upstream");
    assertThat(e.get("offset").asLong()).isEqualTo(3);
    assertThat(e.get("connection_number").asLong()).isEqualTo(1);
    assertThat(api.get("/proxies/db/events?since=1").json().get("events").size()).isZero();
    assertThat(api.get("/proxies/db/events?since=x").status()).isEqualTo(400);
  }
}
