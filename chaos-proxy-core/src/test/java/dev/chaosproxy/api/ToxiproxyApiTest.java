package dev.chaosproxy.api;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.testing.Http;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Toxiproxy 2.x's endpoints: shapes, defaults and status codes, spoken over raw HTTP. */
class ToxiproxyApiTest {
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

  private JsonNode create(String name) {
    Http.Response r =
        api.post(
            "/proxies",
            "{\"name\":\""
                + name
                + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + echo.address()
                + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  private static int port(JsonNode proxy) {
    String listen = proxy.get("listen").asText();
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  @Test
  void versionAnswersWithToxiproxysShape() {
    Http.Response r = api.get("/version");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("version").asText()).matches("2\\.\\d+\\.\\d+");
    assertThat(r.json().get("server").asText()).isEqualTo("chaos-proxy");
  }

  @Test
  void createReturns201WithTheRealPortAndListsAsAnObjectKeyedByName() {
    JsonNode p = create("redis");
    assertThat(p.get("name").asText()).isEqualTo("redis");
    assertThat(port(p)).isPositive();
    assertThat(p.get("upstream").asText()).isEqualTo(echo.address());
    assertThat(p.get("enabled").asBoolean()).isTrue();
    assertThat(p.get("toxics").isArray()).isTrue();

    Http.Response all = api.get("/proxies");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().isObject()).isTrue();
    assertThat(all.json().get("redis").get("listen").asText()).isEqualTo(p.get("listen").asText());
    assertThat(api.get("/proxies/redis").json().get("name").asText()).isEqualTo("redis");
  }

  @Test
  void aProxyCreatedDisabledDoesNotListenUntilEnabled() throws IOException {
    Http.Response r =
        api.post(
            "/proxies",
            "{\"name\":\"off\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + echo.address()
                + "\",\"enabled\":false}");
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("enabled").asBoolean()).isFalse();
    Http.Response on = api.patch("/proxies/off", "{\"enabled\":true}");
    assertThat(on.json().get("enabled").asBoolean()).isTrue();
    try (Socket s = new Socket("127.0.0.1", port(on.json()))) {
      s.getOutputStream().write(7);
      assertThat(s.getInputStream().read()).isEqualTo(7);
    }
  }

  @Test
  void duplicateNameIs409AndUnknownProxyIs404() {
    create("db");
    Http.Response dup =
        api.post("/proxies", "{\"name\":\"db\",\"upstream\":\"" + echo.address() + "\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.error()).startsWith("proxy already exists");
    assertThat(dup.json().get("status").asInt()).isEqualTo(409);
    Http.Response missing = api.get("/proxies/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.error()).startsWith("proxy not found");
  }

  @Test
  void disablingClosesTheListenerAndLiveConnections() throws Exception {
    int port = port(create("svc"));
    try (Socket live = new Socket("127.0.0.1", port)) {
      live.setSoTimeout(5000);
      live.getOutputStream().write(1);
      assertThat(live.getInputStream().read()).isEqualTo(1);
      // toxiproxy-java's disable() uses the deprecated POST
      Http.Response r = api.post("/proxies/svc", "{\"enabled\":false}");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("enabled").asBoolean()).isFalse();
      assertThat(Sockets.readOutcome(live.getInputStream())).isIn("eof", "reset");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void updatingListenMovesTheProxyAndUpstreamRetargetsIt() throws Exception {
    create("mv");
    try (TestServer other = TestServer.echo()) {
      Http.Response r =
          api.patch(
              "/proxies/mv",
              "{\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + other.address() + "\"}");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.json().get("upstream").asText()).isEqualTo(other.address());
      try (Socket s = new Socket("127.0.0.1", port(r.json()))) {
        s.getOutputStream().write(9);
        assertThat(s.getInputStream().read()).isEqualTo(9);
      }
      await("the new upstream got the connection").until(() -> other.acceptedCount() == 1);
    }
  }

  @Test
  void anUpdateShapedLikeTheGoClientsSaveIgnoresItsToxics() {
    JsonNode created = create("go");
    assertThat(
            api.post(
                    "/proxies/go/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":100}}")
                .status())
        .isEqualTo(200);
    // toxiproxy-go's Proxy.Save() posts the whole proxy, with the toxics it last saw (here none)
    String save =
        "{\"name\":\"go\",\"listen\":\""
            + created.get("listen").asText()
            + "\",\"upstream\":\""
            + echo.address()
            + "\",\"enabled\":false,\"toxics\":[]}";
    Http.Response r = api.post("/proxies/go", save);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("enabled").asBoolean()).isFalse();
    assertThat(r.json().get("toxics"))
        .extracting(t -> t.get("name").asText())
        .containsExactly("latency_downstream");
    String stale =
        "{\"name\":\"go\",\"listen\":\""
            + created.get("listen").asText()
            + "\",\"upstream\":\""
            + echo.address()
            + "\",\"enabled\":true,\"toxics\":[{\"name\":\"slicer_upstream\",\"type\":\"slicer\",\"stream\":\"upstream\","
            + "\"toxicity\":1,\"attributes\":{\"average_size\":1}}]}";
    Http.Response again = api.patch("/proxies/go", stale);
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().get("enabled").asBoolean()).isTrue();
    assertThat(api.get("/proxies/go/toxics").json())
        .extracting(t -> t.get("name").asText())
        .containsExactly("latency_downstream");
    assertThat(api.post("/proxies/go", "{\"enabled\":true,\"toxics\":null}").status())
        .isEqualTo(200);
  }

  @Test
  void whatAGetReturnsIsAcceptedBackByAnUpdate() {
    create("rt");
    assertThat(
            api.post("/proxies/rt/toxics", "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":10}}")
                .status())
        .isEqualTo(200);
    JsonNode before = api.get("/proxies/rt").json();
    for (String method : new String[] {"POST", "PATCH"}) {
      Http.Response r = api.send(method, "/proxies/rt", before.toString());
      assertThat(r.status()).as(method + " " + r).isEqualTo(200);
      assertThat(r.json()).isEqualTo(before);
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) before).put("enabled", false);
    Http.Response off = api.post("/proxies/rt", before.toString());
    assertThat(off.status()).as(off.toString()).isEqualTo(200);
    assertThat(off.json()).isEqualTo(before);
  }

  @Test
  void anUpdateThatChangesWhatIsFixedIsA400() {
    JsonNode p = create("fixed");
    long seed = p.get("seed").asLong();
    Http.Response reseed = api.post("/proxies/fixed", "{\"seed\":" + (seed + 1) + "}");
    assertThat(reseed.status()).isEqualTo(400);
    assertThat(reseed.error())
        .contains("seed is fixed when it is created")
        .contains(Long.toString(seed));
    Http.Response rename = api.post("/proxies/fixed", "{\"name\":\"other\"}");
    assertThat(rename.status()).isEqualTo(400);
    assertThat(rename.error()).contains("cannot be renamed");
    Http.Response toxics = api.post("/proxies/fixed", "{\"toxics\":{}}");
    assertThat(toxics.status()).isEqualTo(400);
    assertThat(toxics.error())
        .isEqualTo("bad request body: field 'toxics' of a proxy must be an array, was {}");
    assertThat(api.get("/proxies/fixed").json()).isEqualTo(p);
  }

  @Test
  void deleteIs204AndFreesThePort() throws IOException {
    int port = port(create("gone"));
    assertThat(api.delete("/proxies/gone").status()).isEqualTo(204);
    assertThat(api.get("/proxies/gone").status()).isEqualTo(404);
    assertThat(api.delete("/proxies/gone").status()).isEqualTo(404);
    try (java.net.ServerSocket reuse = new java.net.ServerSocket()) {
      reuse.bind(new InetSocketAddress("127.0.0.1", port));
    }
  }

  @Test
  void toxicsHaveToxiproxysDefaultsAndShape() {
    create("t");
    Http.Response add =
        api.post("/proxies/t/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":100}}");
    assertThat(add.status()).as(add.toString()).isEqualTo(200); // 200, not 201, as Toxiproxy
    JsonNode t = add.json();
    assertThat(t.get("name").asText()).isEqualTo("latency_downstream");
    assertThat(t.get("stream").asText()).isEqualTo("downstream");
    assertThat(t.get("toxicity").asDouble()).isEqualTo(1.0);
    assertThat(t.get("attributes").get("latency").asLong()).isEqualTo(100);
    assertThat(t.get("attributes").get("jitter").asLong()).isZero();

    Http.Response list = api.get("/proxies/t/toxics");
    assertThat(list.json().isArray()).isTrue();
    assertThat(list.json().get(0).get("name").asText()).isEqualTo("latency_downstream");
    assertThat(api.get("/proxies/t").json().get("toxics").size()).isEqualTo(1);
    assertThat(api.get("/proxies/t/toxics/latency_downstream").json().get("type").asText())
        .isEqualTo("latency");

    Http.Response dup = api.post("/proxies/t/toxics", "{\"type\":\"latency\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.error()).startsWith("toxic already exists");
  }

  @Test
  void toxicUpdateIsAPartialMergeAndDeleteIs204() {
    create("u");
    api.post(
        "/proxies/u/toxics",
        "{\"name\":\"slow\",\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":100,\"jitter\":10}}");
    Http.Response r = api.patch("/proxies/u/toxics/slow", "{\"attributes\":{\"jitter\":20}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("attributes").get("latency").asLong()).isEqualTo(100);
    assertThat(r.json().get("attributes").get("jitter").asLong()).isEqualTo(20);
    assertThat(r.json().get("stream").asText()).isEqualTo("upstream");
    Http.Response tox = api.post("/proxies/u/toxics/slow", "{\"toxicity\":0.5}");
    assertThat(tox.json().get("toxicity").asDouble()).isEqualTo(0.5);
    assertThat(tox.json().get("attributes").get("jitter").asLong()).isEqualTo(20);

    assertThat(api.delete("/proxies/u/toxics/slow").status()).isEqualTo(204);
    Http.Response gone = api.get("/proxies/u/toxics/slow");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.error()).startsWith("toxic not found");
    assertThat(api.patch("/proxies/u/toxics/slow", "{\"toxicity\":1}").status()).isEqualTo(404);
  }

  @Test
  void bandwidthRateIsKilobytesPerSecond() {
    create("bw");
    JsonNode t =
        api.post("/proxies/bw/toxics", "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":100}}")
            .json();
    assertThat(t.get("attributes").get("rate").asLong()).isEqualTo(100);
    assertThat(t.get("attributes").get("rate_bytes").asLong()).isEqualTo(100_000);
  }

  @Test
  void packetLossTakesToxiproxysWireNameAndAttributes() {
    create("lossy");
    Http.Response r =
        api.post(
            "/proxies/lossy/toxics",
            "{\"type\":\"packet_loss\",\"stream\":\"downstream\",\"attributes\":{\"loss_rate\":0.2,\"correlation\":0.1}}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode a = r.json().get("attributes");
    assertThat(r.json().get("name").asText()).isEqualTo("packet_loss_downstream");
    assertThat(a.get("loss_rate").asDouble()).isEqualTo(0.2);
    assertThat(a.get("correlation").asDouble()).isEqualTo(0.1);
    assertThat(a.get("retransmit_timeout").asLong()).isEqualTo(200);
    assertThat(a.get("mode").asText()).isEqualTo("retransmit");
    Http.Response bad =
        api.post(
            "/proxies/lossy/toxics",
            "{\"type\":\"packet_loss\",\"attributes\":{\"loss_rate\":1.5}}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error()).contains("loss_rate");
  }

  @Test
  void resetEnablesEveryProxyAndRemovesEveryToxic() {
    create("a");
    create("b");
    api.post("/proxies/a/toxics", "{\"type\":\"timeout\",\"attributes\":{\"timeout\":0}}");
    api.patch("/proxies/b", "{\"enabled\":false}");
    assertThat(api.post("/reset", null).status()).isEqualTo(204);
    assertThat(api.get("/proxies/a/toxics").json().size()).isZero();
    assertThat(api.get("/proxies/b").json().get("enabled").asBoolean()).isTrue();
  }

  @Test
  void populateCreatesKeepsAndReplaces() {
    String body =
        "[{\"name\":\"one\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
            + echo.address()
            + "\"},"
            + "{\"name\":\"two\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
            + echo.address()
            + "\",\"enabled\":false}]";
    Http.Response r = api.post("/populate", body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("proxies").size()).isEqualTo(2);
    assertThat(r.json().get("proxies").get(1).get("enabled").asBoolean()).isFalse();
    String oneListen = r.json().get("proxies").get(0).get("listen").asText();

    // The same listen and upstream: kept (same port); another upstream: replaced.
    Http.Response again =
        api.post(
            "/populate",
            "[{\"name\":\"one\",\"listen\":\""
                + oneListen
                + "\",\"upstream\":\""
                + echo.address()
                + "\"},"
                + "{\"name\":\"two\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"localhost:1\"}]");
    assertThat(again.status()).as(again.toString()).isEqualTo(201);
    assertThat(again.json().get("proxies").get(0).get("listen").asText()).isEqualTo(oneListen);
    assertThat(api.get("/proxies/two").json().get("upstream").asText()).isEqualTo("localhost:1");
  }

  @Test
  void populateIsValidatedWholeBeforeAnythingChanges() {
    Http.Response r =
        api.post(
            "/populate",
            "[{\"name\":\"ok\",\"upstream\":\"" + echo.address() + "\"},{\"name\":\"bad\"}]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error()).contains("missing required field: upstream").contains("at proxy 2");
    assertThat(api.get("/proxies/ok").status()).isEqualTo(404);
  }

  @Test
  void aBatchThatCannotBeCreatedWholeLeavesNothingOfItself() throws Exception {
    Http.Response before =
        api.post(
            "/populate",
            "[{\"name\":\"kept\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + echo.address()
                + "\"},{\"name\":\"replaced\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + echo.address()
                + "\"}]");
    assertThat(before.status()).isEqualTo(201);
    String keptListen = before.json().get("proxies").get(0).get("listen").asText();
    String replacedListen = before.json().get("proxies").get(1).get("listen").asText();
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      StringBuilder batch = new StringBuilder("[");
      batch
          .append("{\"name\":\"kept\",\"listen\":\"")
          .append(keptListen)
          .append("\",\"upstream\":\"")
          .append(echo.address())
          .append(
              "\",\"enabled\":false,\"toxics\":[{\"type\":\"latency\",\"attributes\":{\"latency\":5}}]},");
      batch.append(
          "{\"name\":\"replaced\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"localhost:1\"},");
      for (int i = 0; i < 20; i++) {
        batch
            .append("{\"name\":\"new-")
            .append(i)
            .append("\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"")
            .append(echo.address())
            .append("\"},");
      }
      batch
          .append("{\"name\":\"clash\",\"listen\":\"127.0.0.1:")
          .append(taken.getLocalPort())
          .append("\",\"upstream\":\"")
          .append(echo.address())
          .append("\"}]");
      Http.Response r = api.post("/populate", batch.toString());
      assertThat(r.status()).as(r.toString()).isEqualTo(409);
      assertThat(r.error()).contains("proxy 'clash'").contains("nothing of this batch was kept");
      assertThat(r.json().get("proxies").size()).isZero();
    }
    assertThat(api.get("/proxies").json().fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("kept", "replaced");
    JsonNode kept = api.get("/proxies/kept").json();
    assertThat(kept.get("enabled").asBoolean()).isTrue();
    assertThat(kept.get("toxics").size()).isZero();
    assertThat(kept.get("listen").asText()).isEqualTo(keptListen);
    JsonNode replaced = api.get("/proxies/replaced").json();
    assertThat(replaced.get("upstream").asText()).isEqualTo(echo.address());
    assertThat(replaced.get("listen").asText()).isEqualTo(replacedListen);
  }

  @Test
  void metricsArePrometheusTextWithToxiproxysNames() throws Exception {
    int port = port(create("m"));
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(new byte[] {1, 2, 3});
      s.getInputStream().readNBytes(3);
    }
    await("3 bytes sent downstream in the metrics")
        .until(
            () ->
                api.get("/metrics")
                    .body()
                    .contains(
                        "toxiproxy_proxy_sent_bytes_total{direction=\"downstream\",listener=\"127.0.0.1:"
                            + port
                            + "\",proxy=\"m\",upstream=\""
                            + echo.address()
                            + "\"} 3"));
    Http.Response r = api.get("/metrics");
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body())
        .contains("# TYPE toxiproxy_proxy_received_bytes_total counter")
        .contains("chaos_proxy_connections_total{proxy=\"m\"} 1");
  }
}
