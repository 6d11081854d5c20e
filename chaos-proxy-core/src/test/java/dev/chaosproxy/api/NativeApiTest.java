package dev.chaosproxy.api;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.FakeClock;
import dev.chaosproxy.testing.Http;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The native surface: connections, per-connection toxics, trixter's knobs, atomic creates, metrics.
 */
class NativeApiTest {
  private final FakeClock clock = new FakeClock();
  private final ChaosEngine engine = clock.engine;
  private final ControlServer server = ControlServer.builder(engine).start();
  private final Http api = new Http(server.uri());
  private final TestServer echo = TestServer.echo();
  private final List<Socket> clients = new ArrayList<>();

  @AfterEach
  void close() throws IOException {
    for (Socket s : clients) s.close();
    server.close();
    clock.close();
    echo.close();
  }

  private int createProxy(String name) {
    Http.Response r =
        api.post("/proxies", "{\"name\":\"" + name + "\",\"upstream\":\"" + echo.address() + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    String listen = r.json().get("listen").asText();
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  /** A client through the proxy that has done one round trip, so its connection is listed. */
  private Socket client(int port) throws IOException {
    Socket s = connect(port);
    Timing.roundTrip(s);
    return s;
  }

  /** A client through the proxy, closed after the test. */
  private Socket connect(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    clients.add(s);
    return s;
  }

  /** Milliseconds of proxy time a byte takes through {@code proxy} and back. */
  private long roundTrip(String proxy, Socket s) throws IOException {
    return clock.roundTripMillis(engine.proxy(proxy).orElseThrow(), s);
  }

  private String onlyConnectionId() {
    await("one live connection").until(() -> api.get("/connections").json().size() == 1);
    return api.get("/connections").json().get(0).get("id").asText();
  }

  @Test
  void connectionsAreListedWithAddressesBytesAndTrixtersFields() throws Exception {
    int port = createProxy("svc");
    Socket s = client(port);
    String id = onlyConnectionId();
    await("one byte counted")
        .until(() -> api.get("/connections/" + id).json().get("bytes_downstream").asLong() == 1);
    JsonNode c = api.get("/connections/" + id).json();
    assertThat(c.get("proxy").asText()).isEqualTo("svc");
    assertThat(c.get("client").asText()).isEqualTo("127.0.0.1:" + s.getLocalPort());
    assertThat(c.get("upstream").asText()).isEqualTo(echo.address());
    assertThat(c.get("state").asText()).isEqualTo("open");
    assertThat(c.get("bytes_upstream").asLong()).isEqualTo(1);
    assertThat(c.get("conn_info").get("id").asText()).isEqualTo(id);
    assertThat(c.get("conn_info").get("downstream").asText())
        .isEqualTo("127.0.0.1:" + s.getLocalPort());
    assertThat(c.get("delay").get("secs").asLong()).isZero();
    assertThat(api.get("/proxies/svc/connections").json().size()).isEqualTo(1);
    assertThat(api.get("/connections/999999").status()).isEqualTo(404);
  }

  @Test
  void trixterKnobsActOnOneConnectionAndAnswer202() throws Exception {
    int port = createProxy("tx");
    Socket slow = client(port);
    String id = onlyConnectionId();
    Socket fast = client(port);

    Http.Response r = api.patch("/connections/" + id + "/delay", "{\"delay_ms\":120}");
    assertThat(r.status()).isEqualTo(202);
    assertThat(roundTrip("tx", slow)).isEqualTo(240); // both directions
    assertThat(roundTrip("tx", fast)).isZero();
    JsonNode c = api.get("/connections/" + id).json();
    assertThat(c.get("delay").get("nanos").asLong()).isEqualTo(120_000_000L);
    assertThat(c.get("toxics").get(0).get("scope").asText()).isEqualTo("connection");

    assertThat(api.patch("/connections/" + id + "/delay", "{\"delay_ms\":0}").status())
        .isEqualTo(202);
    assertThat(roundTrip("tx", slow)).isZero();

    assertThat(api.patch("/connections/" + id + "/throttle", "{\"rate_bytes\":10240}").status())
        .isEqualTo(202);
    assertThat(api.get("/connections/" + id).json().get("throttle_rate").asLong()).isEqualTo(10240);
    assertThat(api.patch("/connections/" + id + "/slice", "{\"size_bytes\":512}").status())
        .isEqualTo(202);
    assertThat(api.get("/connections/" + id).json().get("slice_size").asLong()).isEqualTo(512);
    assertThat(
            api.patch("/connections/" + id + "/corruption", "{\"probability_rate\":0.25}").status())
        .isEqualTo(202);
    assertThat(api.get("/connections/" + id).json().get("corrupt_probability_rate").asDouble())
        .isEqualTo(0.25);

    Http.Response bad =
        api.patch("/connections/" + id + "/termination", "{\"probability_rate\":1.5}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error()).contains("invalid probability");
    assertThat(api.patch("/connections/nope/delay", "{\"delay_ms\":1}").status()).isEqualTo(404);

    assertThat(
            api.patch("/connections/" + id + "/termination", "{\"probability_rate\":1.0}").status())
        .isEqualTo(202);
    slow.getOutputStream().write(1);
    assertThat(Sockets.readOutcome(slow.getInputStream())).isEqualTo("reset");
    assertThat(roundTrip("tx", fast)).isZero();
  }

  @Test
  void trixterZeroTurnsTheProxysToxicOffForThatConnection() throws Exception {
    int port = createProxy("shadow");
    api.post("/proxies/shadow/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":200}}");
    Socket s = connect(port);
    String id = onlyConnectionId();
    assertThat(roundTrip("shadow", s)).isEqualTo(200);
    assertThat(api.patch("/connections/" + id + "/delay", "{\"delay_ms\":0}").status())
        .isEqualTo(202);
    assertThat(roundTrip("shadow", s)).isZero();
  }

  @Test
  void shutdownKillsOneOrAllWithAReason() throws Exception {
    int port = createProxy("kill");
    Socket a = client(port);
    String id = onlyConnectionId();
    Socket b = client(port);
    assertThat(
            api.post("/connections/" + id + "/shutdown", "{\"reason\":\"test teardown\"}").status())
        .isEqualTo(202);
    assertThat(Sockets.readOutcome(a.getInputStream())).isEqualTo("reset");
    assertThat(Timing.roundTrip(b)).isPositive();
    assertThat(api.post("/connections/_all/shutdown", "{\"reason\":\"all done\"}").status())
        .isEqualTo(202);
    assertThat(Sockets.readOutcome(b.getInputStream())).isEqualTo("reset");
    assertThat(api.post("/connections/" + id + "/shutdown", "{\"reason\":\"again\"}").status())
        .isEqualTo(404);

    Socket c = client(port);
    String cid = onlyConnectionId();
    assertThat(api.delete("/connections/" + cid + "?reason=bye").status()).isEqualTo(204);
    assertThat(Sockets.readOutcome(c.getInputStream())).isEqualTo("reset");
    client(port);
    client(port);
    await("two live connections")
        .until(() -> api.get("/proxies/kill/connections").json().size() == 2);
    assertThat(api.delete("/proxies/kill/connections").json().get("killed").asInt()).isEqualTo(2);
  }

  @Test
  void toxicsOnOneConnectionHaveTheirOwnCrud() throws Exception {
    int port = createProxy("own");
    Socket s = client(port);
    String id = onlyConnectionId();
    Http.Response add =
        api.post(
            "/connections/" + id + "/toxics",
            "{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":150}}");
    assertThat(add.status()).as(add.toString()).isEqualTo(200);
    assertThat(add.json().get("name").asText()).isEqualTo("latency_upstream");
    assertThat(roundTrip("own", s)).isEqualTo(150);
    assertThat(api.get("/proxies/own/toxics").json().size()).isZero();
    assertThat(
            api.post(
                    "/connections/" + id + "/toxics",
                    "{\"type\":\"latency\",\"stream\":\"upstream\"}")
                .status())
        .isEqualTo(409);
    assertThat(
            api.patch(
                    "/connections/" + id + "/toxics/latency_upstream",
                    "{\"attributes\":{\"latency\":300}}")
                .json()
                .get("attributes")
                .get("latency")
                .asLong())
        .isEqualTo(300);
    assertThat(
            api.get("/connections/" + id + "/toxics/latency_upstream")
                .json()
                .get("attributes")
                .get("latency")
                .asLong())
        .isEqualTo(300);
    assertThat(api.delete("/connections/" + id + "/toxics/latency_upstream").status())
        .isEqualTo(204);
    assertThat(roundTrip("own", s)).isZero();
    Http.Response put =
        api.put(
            "/connections/" + id + "/toxics",
            "[{\"type\":\"slow_close\",\"attributes\":{\"delay\":10}},{\"type\":\"latency\",\"attributes\":{\"latency\":1}}]");
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(api.get("/connections/" + id + "/toxics").json().size()).isEqualTo(2);
    assertThat(api.get("/connections/" + id + "/toxics/nope").status()).isEqualTo(404);
  }

  @Test
  void aProxyCanBeCreatedWithItsToxicsInOneCall() throws Exception {
    Http.Response r =
        api.post(
            "/proxies",
            "{\"name\":\"atomic\",\"upstream\":\""
                + echo.address()
                + "\",\"toxics\":["
                + "{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":150}},"
                + "{\"name\":\"cap\",\"type\":\"limit_data\",\"attributes\":{\"bytes\":100000}}]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("toxics").size()).isEqualTo(2);
    String listen = r.json().get("listen").asText();
    Socket s = connect(Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
    assertThat(roundTrip("atomic", s)).isEqualTo(150);
    // Nothing is created when one toxic is bad.
    Http.Response bad =
        api.post(
            "/proxies",
            "{\"name\":\"half\",\"upstream\":\""
                + echo.address()
                + "\",\"toxics\":["
                + "{\"type\":\"latency\"},{\"type\":\"nonsense\"}]}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error()).contains("invalid toxic type").contains("toxic 2");
    assertThat(api.get("/proxies/half").status()).isEqualTo(404);
  }

  @Test
  void putReplacesAProxysToxicsAtOnce() {
    createProxy("swap");
    api.post("/proxies/swap/toxics", "{\"type\":\"latency\"}");
    Http.Response r =
        api.put(
            "/proxies/swap/toxics",
            "[{\"type\":\"bandwidth\",\"attributes\":{\"rate\":10}},{\"type\":\"slicer\",\"attributes\":{\"average_size\":64}}]");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(api.get("/proxies/swap/toxics").json())
        .extracting(t -> t.get("type").asText())
        .containsExactly("bandwidth", "slicer");
    assertThat(api.put("/proxies/swap/toxics", "[]").json().size()).isZero();
  }

  @Test
  void injectWritesBytesIntoLiveConnections() throws Exception {
    int port = createProxy("inj");
    Socket s = client(port);
    String id = onlyConnectionId();
    assertThat(
            api.post("/proxies/inj/inject", "{\"stream\":\"downstream\",\"data\":\"hello\"}")
                .status())
        .isEqualTo(204);
    assertThat(s.getInputStream().readNBytes(5)).isEqualTo("hello".getBytes());
    assertThat(api.post("/connections/" + id + "/inject", "{\"data_base64\":\"AQID\"}").status())
        .isEqualTo(204);
    assertThat(s.getInputStream().readNBytes(3)).isEqualTo(new byte[] {1, 2, 3});
  }

  @Test
  void resetOfOneProxyClearsItsAndItsConnectionsToxicsAndBringsItUp() throws Exception {
    int port = createProxy("r");
    Socket s = client(port);
    String id = onlyConnectionId();
    api.post("/proxies/r/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":100}}");
    api.post(
        "/connections/" + id + "/toxics",
        "{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":100}}");
    assertThat(api.post("/proxies/r/reset", null).status()).isEqualTo(204);
    assertThat(api.get("/proxies/r/toxics").json().size()).isZero();
    assertThat(api.get("/connections/" + id + "/toxics").json().size()).isZero();
    assertThat(roundTrip("r", s)).isZero();
  }

  @Test
  void metricsAsJsonPerProxyAndForAll() throws Exception {
    int port = createProxy("mj");
    client(port);
    await("one byte downstream")
        .until(() -> api.get("/proxies/mj/metrics").json().get("bytes_downstream").asLong() == 1);
    JsonNode m = api.get("/proxies/mj/metrics").json();
    assertThat(m.get("connections_active").asLong()).isEqualTo(1);
    assertThat(m.get("connections_total").asLong()).isEqualTo(1);
    assertThat(m.get("received_upstream").asLong()).isEqualTo(1);
    assertThat(m.get("faults").has("latency")).isTrue();
    assertThat(
            api.get("/metrics?format=json")
                .json()
                .get("proxies")
                .get("mj")
                .get("bytes_upstream")
                .asLong())
        .isEqualTo(1);
    assertThat(api.get("/metrics?format=xml").status()).isEqualTo(400);
  }

  @Test
  void healthIsOk() {
    Http.Response r = api.get("/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok");
  }
}
