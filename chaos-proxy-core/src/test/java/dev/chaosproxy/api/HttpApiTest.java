package dev.chaosproxy.api;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.testing.Http;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP proxies and HTTP faults over REST: {@code "protocol"}, {@code http_*} toxics with header
 * objects, an event's {@code request} and the metrics' {@code http} object, against a real server
 * (the JDK's) and a real client (the JDK's HttpClient).
 */
class HttpApiTest {
  private final ChaosEngine engine = ChaosEngine.builder().seed(3).build();
  private final ControlServer server = ControlServer.builder(engine).start();
  private final Http api = new Http(server.uri());
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final HttpServer upstream = upstream();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @AfterEach
  void close() {
    server.close();
    engine.close();
    upstream.stop(0);
    pool.shutdownNow();
  }

  /** Answers every path with 200 "ok " and the path. */
  private HttpServer upstream() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
      s.setExecutor(pool);
      s.createContext(
          "/",
          x -> {
            x.getRequestBody().readAllBytes();
            byte[] body = ("ok " + x.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
          });
      s.start();
      return s;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String upstreamAddress() {
    return "127.0.0.1:" + upstream.getAddress().getPort();
  }

  private JsonNode create(String name, String protocolField) {
    Http.Response r =
        api.post(
            "/proxies",
            "{\"name\":\""
                + name
                + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + upstreamAddress()
                + "\""
                + protocolField
                + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  private HttpResponse<String> get(JsonNode proxy, String path) throws Exception {
    String listen = proxy.get("listen").asText();
    URI uri = URI.create("http://" + listen + path);
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> fieldNames(JsonNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void protocolHttpMakesAnHttpProxyAndOnlyAnHttpProxyShowsIt() {
    JsonNode http = create("web", ",\"protocol\":\"http\"");
    JsonNode tcp = create("db", "");
    JsonNode explicitTcp = create("cache", ",\"protocol\":\"TCP\"");

    assertThat(http.get("protocol").asText()).isEqualTo("http");
    assertThat(engine.proxy("web").orElseThrow().protocol()).isEqualTo(Protocol.HTTP);
    assertThat(engine.proxy("cache").orElseThrow().protocol()).isEqualTo(Protocol.TCP);
    // a TCP proxy keeps Toxiproxy's shape (plus the seed it always had)
    assertThat(fieldNames(tcp))
        .containsExactly("name", "listen", "upstream", "enabled", "toxics", "seed");
    assertThat(fieldNames(explicitTcp)).doesNotContain("protocol");
    assertThat(api.get("/proxies").json().get("web").get("protocol").asText()).isEqualTo("http");
    assertThat(api.get("/proxies/db").json().has("protocol")).isFalse();
  }

  @Test
  void anUnknownProtocolIsRefusedNamingTheValidOnes() {
    Http.Response r =
        api.post(
            "/proxies",
            "{\"name\":\"x\",\"upstream\":\"" + upstreamAddress() + "\",\"protocol\":\"http2\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error())
        .contains("field 'protocol' of proxy 'x'")
        .contains("\"tcp\"")
        .contains("\"http\"")
        .contains("was \"http2\"");
    Http.Response notText =
        api.post(
            "/proxies",
            "{\"name\":\"x\",\"upstream\":\"" + upstreamAddress() + "\",\"protocol\":1}");
    assertThat(notText.status()).isEqualTo(400);
    assertThat(notText.error()).contains("field 'protocol' of a proxy must be a string, was 1");
    assertThat(engine.proxy("x")).isEmpty();
  }

  @Test
  void populateTakesProtocolAndReplacesAProxyWhoseProtocolChanged() {
    String body =
        "[{\"name\":\"web\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
            + upstreamAddress()
            + "\"%s}]";
    Http.Response first = api.post("/populate", String.format(body, ""));
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(engine.proxy("web").orElseThrow().protocol()).isEqualTo(Protocol.TCP);

    Http.Response second = api.post("/populate", String.format(body, ",\"protocol\":\"http\""));
    assertThat(second.status()).as(second.toString()).isEqualTo(201);
    assertThat(second.json().get("proxies").get(0).get("protocol").asText()).isEqualTo("http");
    assertThat(engine.proxy("web").orElseThrow().protocol()).isEqualTo(Protocol.HTTP);

    Http.Response bad = api.post("/populate", String.format(body, ",\"protocol\":\"udp\""));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.error()).contains("field 'protocol'").contains("at proxy 1");
    assertThat(engine.proxy("web").orElseThrow().protocol()).isEqualTo(Protocol.HTTP);
  }

  @Test
  void anUpdateMaySendTheProtocolBackButNotChangeIt() {
    JsonNode web = create("web", ",\"protocol\":\"http\"");
    Http.Response same = api.patch("/proxies/web", web.toString());
    assertThat(same.status()).as(same.toString()).isEqualTo(200);

    Http.Response changed = api.patch("/proxies/web", "{\"protocol\":\"tcp\"}");
    assertThat(changed.status()).isEqualTo(400);
    assertThat(changed.error())
        .contains("a proxy's protocol is fixed when it is created (proxy 'web' is http");
    assertThat(engine.proxy("web").orElseThrow().protocol()).isEqualTo(Protocol.HTTP);
  }

  @Test
  void toxiproxysToxicEndpointTakesHttpRespondWithAHeadersObject() throws Exception {
    JsonNode web = create("web", ",\"protocol\":\"http\"");
    Http.Response added =
        api.post(
            "/proxies/web/toxics",
            "{\"type\":\"http_respond\",\"attributes\":{\"method\":\"GET\",\"path\":\"/fail/**\","
                + "\"status\":503,\"headers\":{\"Retry-After\":\"5\",\"X-Chaos\":\"yes\"},"
                + "\"body\":\"busy\"}}");
    assertThat(added.status()).as(added.toString()).isEqualTo(200);
    JsonNode toxic = added.json();
    assertThat(toxic.get("name").asText()).isEqualTo("http_respond_downstream");
    assertThat(toxic.get("attributes").get("headers").isObject()).isTrue();
    assertThat(toxic.get("attributes").get("headers").get("Retry-After").asText()).isEqualTo("5");

    HttpResponse<String> failed = get(web, "/fail/x?q=1");
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(failed.headers().firstValue("X-Chaos")).hasValue("yes");
    assertThat(failed.body()).isEqualTo("busy");
    HttpResponse<String> passed = get(web, "/ok");
    assertThat(passed.statusCode()).isEqualTo(200);
    assertThat(passed.body()).isEqualTo("ok /ok");

    JsonNode events = api.get("/proxies/web/events").json().get("events");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("type").asText()).isEqualTo("http_respond");
    assertThat(events.get(0).get("request").asText()).isEqualTo("GET /fail/x?q=1 #1");

    await("the metrics count both requests")
        .until(
            () -> api.get("/proxies/web/metrics").json().get("http").get("requests").asLong() == 2);
    JsonNode m = api.get("/proxies/web/metrics").json().get("http");
    assertThat(m.get("methods").get("GET").asLong()).isEqualTo(2);
    assertThat(m.get("statuses").get("503").asLong()).isEqualTo(1);
    assertThat(m.get("statuses").get("200").asLong()).isEqualTo(1);
    assertThat(m.get("faults").get("http_respond").asLong()).isEqualTo(1);
    assertThat(m.get("raw_connections").asLong()).isZero();
    JsonNode all = api.get("/metrics?format=json").json().get("proxies").get("web").get("http");
    assertThat(all.get("requests").asLong()).isEqualTo(2);
    assertThat(api.get("/metrics").body())
        .contains("chaos_proxy_http_requests_total{method=\"GET\",proxy=\"web\"} 2\n")
        .contains("chaos_proxy_http_responses_total{proxy=\"web\",status=\"503\"} 1\n")
        .contains("chaos_proxy_http_raw_connections_total{proxy=\"web\"} 0\n");
  }

  @Test
  void aTcpProxysEventsHaveNoRequestAndItsHttpMetricsAreZero() {
    create("db", "");
    JsonNode m = api.get("/proxies/db/metrics").json().get("http");
    assertThat(fieldNames(m))
        .containsExactly("requests", "methods", "statuses", "faults", "raw_connections");
    assertThat(m.get("requests").asLong()).isZero();
  }

  @Test
  void aHeaderToxicTakesASetObjectAndAPatchReplacesIt() throws Exception {
    JsonNode web = create("web", ",\"protocol\":\"http\"");
    Http.Response added =
        api.post(
            "/proxies/web/toxics",
            "{\"name\":\"tag\",\"type\":\"http_header\",\"attributes\":{\"set\":{\"X-A\":\"1\"}}}");
    assertThat(added.status()).as(added.toString()).isEqualTo(200);
    assertThat(get(web, "/").headers().firstValue("X-A")).hasValue("1");

    Http.Response patched =
        api.patch("/proxies/web/toxics/tag", "{\"attributes\":{\"set\":{\"X-B\":\"2\"}}}");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    assertThat(patched.json().get("attributes").get("set").toString()).isEqualTo("{\"X-B\":\"2\"}");
    HttpResponse<String> after = get(web, "/");
    assertThat(after.headers().firstValue("X-B")).hasValue("2");
    assertThat(after.headers().firstValue("X-A")).isEmpty();
  }

  @Test
  void headerObjectsAreForHeaderAttributesAloneAndHoldStrings() {
    create("web", ",\"protocol\":\"http\"");
    Http.Response number =
        api.post(
            "/proxies/web/toxics",
            "{\"type\":\"http_respond\",\"attributes\":{\"headers\":{\"Retry-After\":5}}}");
    assertThat(number.status()).isEqualTo(400);
    assertThat(number.error())
        .contains("attribute 'headers' maps header names to string values")
        .contains("'Retry-After' was a number");

    Http.Response array =
        api.post(
            "/proxies/web/toxics",
            "{\"type\":\"http_respond\",\"attributes\":{\"headers\":[\"A: 1\"]}}");
    assertThat(array.status()).isEqualTo(400);
    assertThat(array.error())
        .contains("attribute 'headers' is header fields: an object of names to string values");

    Http.Response objectElsewhere =
        api.post(
            "/proxies/web/toxics",
            "{\"type\":\"http_respond\",\"attributes\":{\"status\":{\"code\":\"503\"}}}");
    assertThat(objectElsewhere.status()).isEqualTo(400);
    assertThat(objectElsewhere.error())
        .contains("attribute 'status' must be a number or a string, was an object");

    Http.Response latency =
        api.post("/proxies/web/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":{}}}");
    assertThat(latency.status()).isEqualTo(400);
    assertThat(latency.error()).contains("attribute 'latency' must be a number or a string");

    Http.Response badName =
        api.post(
            "/proxies/web/toxics",
            "{\"type\":\"http_respond\",\"attributes\":{\"headers\":{\"Bad Name\":\"1\"}}}");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.error()).contains("\"Bad Name\" is not a header field name");

    Http.Response framing =
        api.post(
            "/proxies/web/toxics",
            "{\"type\":\"http_respond\",\"attributes\":{\"headers\":{\"Content-Length\":\"1\"}}}");
    assertThat(framing.status()).isEqualTo(400);
    assertThat(framing.error()).contains("cannot name Content-Length");
    assertThat(api.get("/proxies/web/toxics").json()).isEmpty();
  }

  @Test
  void anHttpToxicOnATcpProxyIsRefusedSayingHowToMakeAnHttpOne() {
    create("db", "");
    Http.Response r =
        api.post("/proxies/db/toxics", "{\"type\":\"http_respond\",\"attributes\":{}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.error())
        .contains("acts on HTTP requests, but proxy 'db' relays plain TCP")
        .contains("\"protocol\": \"http\"");
    Http.Response created =
        api.post(
            "/proxies",
            "{\"name\":\"db2\",\"upstream\":\""
                + upstreamAddress()
                + "\",\"toxics\":[{\"type\":\"http_abort\"}]}");
    assertThat(created.status()).isEqualTo(400);
    assertThat(created.error()).contains("relays plain TCP");
  }

  @Test
  void anHttpProxyCreatedWithToxicsActsFromItsFirstRequest() throws Exception {
    JsonNode web =
        create(
            "web",
            ",\"protocol\":\"http\",\"toxics\":[{\"type\":\"http_respond\",\"attributes\":"
                + "{\"status\":429,\"first\":1,\"headers\":\"Retry-After: 1\"}}]");
    HttpResponse<String> first = get(web, "/a");
    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(get(web, "/a").statusCode()).isEqualTo(200);
    // text given, an object shown
    assertThat(
            api.get("/proxies/web/toxics")
                .json()
                .get(0)
                .get("attributes")
                .get("headers")
                .toString())
        .isEqualTo("{\"Retry-After\":\"1\"}");
  }
}
