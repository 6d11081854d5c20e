package dev.chaosproxy.api;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.testing.Http;
import java.net.ServerSocket;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every client mistake gets the right 4xx and a JSON error naming the problem; never a 500. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private final ChaosEngine engine = ChaosEngine.start();
  private ControlServer server;
  private Http api;
  private ServerSocket taken;

  @BeforeAll
  void start() throws Exception {
    server = ControlServer.builder(engine).start();
    api = new Http(server.uri());
    taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
  }

  @AfterAll
  void stop() throws Exception {
    taken.close();
    server.close();
    engine.close();
  }

  @BeforeEach
  void fixture() {
    api.post("/reset", null);
    for (String name :
        api.get("/proxies").json().properties().stream()
            .map(java.util.Map.Entry::getKey)
            .toList()) {
      api.delete("/proxies/" + name);
    }
    assertThat(api.post("/proxies", "{\"name\":\"p\",\"upstream\":\"localhost:6379\"}").status())
        .isEqualTo(201);
    assertThat(api.post("/proxies/p/toxics", "{\"name\":\"t\",\"type\":\"latency\"}").status())
        .isEqualTo(200);
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        arguments(
            "malformed JSON",
            "POST",
            "/proxies",
            "{\"name\": ",
            400,
            "malformed JSON",
            "bad_request"),
        arguments(
            "trailing garbage",
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"upstream\":\"h:1\"} x",
            400,
            "malformed JSON",
            "bad_request"),
        arguments(
            "duplicate key",
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"name\":\"b\",\"upstream\":\"h:1\"}",
            400,
            "Duplicate field 'name'",
            "bad_request"),
        arguments(
            "an array for an object",
            "POST",
            "/proxies",
            "[]",
            400,
            "expected a JSON object",
            "bad_request"),
        arguments(
            "empty body",
            "POST",
            "/proxies",
            "",
            400,
            "empty; expected a JSON object",
            "bad_request"),
        arguments(
            "missing name",
            "POST",
            "/proxies",
            "{\"upstream\":\"h:1\"}",
            400,
            "missing required field: name",
            "bad_request"),
        arguments(
            "missing upstream",
            "POST",
            "/proxies",
            "{\"name\":\"a\"}",
            400,
            "missing required field: upstream",
            "bad_request"),
        arguments(
            "wrong type",
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"upstream\":\"h:1\",\"enabled\":\"yes\"}",
            400,
            "field 'enabled' of a proxy must be true or false",
            "bad_request"),
        arguments(
            "a number for a string",
            "POST",
            "/proxies",
            "{\"name\":7,\"upstream\":\"h:1\"}",
            400,
            "field 'name' of a proxy must be a string",
            "bad_request"),
        arguments(
            "unknown field",
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"upstream\":\"h:1\",\"lisen\":\"x\"}",
            400,
            "unknown field 'lisen'",
            "bad_request"),
        arguments(
            "bad proxy name",
            "POST",
            "/proxies",
            "{\"name\":\"a b\",\"upstream\":\"h:1\"}",
            400,
            "a proxy name is 1 to 128",
            "bad_request"),
        arguments(
            "upstream port too big",
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"upstream\":\"h:70000\"}",
            400,
            "between 1 and 65535",
            "bad_request"),
        arguments(
            "upstream port zero",
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"upstream\":\"h:0\"}",
            400,
            "between 1 and 65535",
            "bad_request"),
        arguments(
            "upstream without port",
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"upstream\":\"localhost\"}",
            400,
            "host:port",
            "bad_request"),
        arguments(
            "listen port too big",
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"upstream\":\"h:1\",\"listen\":\"127.0.0.1:65536\"}",
            400,
            "between 0 and 65535",
            "bad_request"),
        arguments(
            "listen not local",
            "POST",
            "/proxies",
            "{\"name\":\"a\",\"upstream\":\"h:1\",\"listen\":\"192.0.2.1:0\"}",
            400,
            "cannot listen",
            "bad_request"),
        arguments(
            "duplicate proxy",
            "POST",
            "/proxies",
            "{\"name\":\"p\",\"upstream\":\"h:1\"}",
            409,
            "proxy already exists",
            "proxy_exists"),
        arguments(
            "unknown proxy",
            "GET",
            "/proxies/nope",
            null,
            404,
            "proxy not found",
            "proxy_not_found"),
        arguments(
            "rename a proxy",
            "PATCH",
            "/proxies/p",
            "{\"name\":\"q\"}",
            400,
            "cannot be renamed",
            "bad_request"),
        arguments(
            "unknown toxic type",
            "POST",
            "/proxies/p/toxics",
            "{\"type\":\"lag\"}",
            400,
            "invalid toxic type",
            "bad_request"),
        arguments(
            "missing toxic type",
            "POST",
            "/proxies/p/toxics",
            "{\"attributes\":{}}",
            400,
            "invalid toxic type",
            "bad_request"),
        arguments(
            "unknown stream",
            "POST",
            "/proxies/p/toxics",
            "{\"type\":\"latency\",\"stream\":\"sideways\"}",
            400,
            "stream was invalid",
            "bad_request"),
        arguments(
            "toxicity above 1",
            "POST",
            "/proxies/p/toxics",
            "{\"type\":\"latency\",\"toxicity\":1.5}",
            400,
            "between 0.0 and 1.0",
            "bad_request"),
        arguments(
            "toxicity negative",
            "PATCH",
            "/proxies/p/toxics/t",
            "{\"toxicity\":-0.1}",
            400,
            "between 0.0 and 1.0",
            "bad_request"),
        arguments(
            "negative latency",
            "POST",
            "/proxies/p/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latency\":-5}}",
            400,
            "'latency' must be >= 0",
            "bad_request"),
        arguments(
            "a string latency",
            "POST",
            "/proxies/p/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latency\":\"5ms\"}}",
            400,
            "must be a number",
            "bad_request"),
        arguments(
            "negative size",
            "POST",
            "/proxies/p/toxics",
            "{\"type\":\"limit_data\",\"attributes\":{\"bytes\":-1}}",
            400,
            "whole number of bytes >= 0",
            "bad_request"),
        arguments(
            "probability above 1",
            "POST",
            "/proxies/p/toxics",
            "{\"type\":\"corrupt\",\"attributes\":{\"probability\":2}}",
            400,
            "between 0.0 and 1.0",
            "bad_request"),
        arguments(
            "unknown attribute",
            "POST",
            "/proxies/p/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latnecy\":5}}",
            400,
            "has no attribute 'latnecy'",
            "bad_request"),
        arguments(
            "nested attribute",
            "POST",
            "/proxies/p/toxics",
            "{\"type\":\"latency\",\"attributes\":{\"latency\":{}}}",
            400,
            "must be a number or a string",
            "bad_request"),
        arguments(
            "slicer without size",
            "POST",
            "/proxies/p/toxics",
            "{\"type\":\"slicer\"}",
            400,
            "needs attribute 'average_size'",
            "bad_request"),
        arguments(
            "duplicate toxic",
            "POST",
            "/proxies/p/toxics",
            "{\"name\":\"t\",\"type\":\"latency\"}",
            409,
            "toxic already exists",
            "toxic_exists"),
        arguments(
            "unknown toxic",
            "GET",
            "/proxies/p/toxics/nope",
            null,
            404,
            "toxic not found",
            "toxic_not_found"),
        arguments(
            "change a toxic's type",
            "PATCH",
            "/proxies/p/toxics/t",
            "{\"type\":\"bandwidth\"}",
            400,
            "cannot be changed",
            "bad_request"),
        arguments(
            "unknown connection",
            "GET",
            "/connections/123456",
            null,
            404,
            "connection not found",
            "connection_not_found"),
        arguments(
            "trixter knob on an unknown connection",
            "PATCH",
            "/connections/987654/delay",
            "{\"delay_ms\":1}",
            404,
            "connection not found",
            "connection_not_found"),
        arguments(
            "populate with an object",
            "POST",
            "/populate",
            "{}",
            400,
            "expected a JSON array of proxies",
            "bad_request"),
        arguments(
            "populate with duplicates",
            "POST",
            "/populate",
            "[{\"name\":\"x\",\"upstream\":\"h:1\"},{\"name\":\"x\",\"upstream\":\"h:1\"}]",
            400,
            "duplicate proxy name 'x'",
            "bad_request"),
        arguments(
            "replace toxics with an object",
            "PUT",
            "/proxies/p/toxics",
            "{}",
            400,
            "must be a JSON array of toxics",
            "bad_request"),
        arguments(
            "inject without data",
            "POST",
            "/proxies/p/inject",
            "{\"stream\":\"upstream\"}",
            400,
            "exactly one of 'data'",
            "bad_request"),
        arguments(
            "inject bad base64",
            "POST",
            "/proxies/p/inject",
            "{\"data_base64\":\"***\"}",
            400,
            "not valid base64",
            "bad_request"),
        arguments(
            "wrong method",
            "PUT",
            "/proxies",
            "{}",
            405,
            "method PUT is not allowed on /proxies; allowed: GET, POST",
            "method_not_allowed"),
        arguments(
            "wrong method on a toxic",
            "PUT",
            "/proxies/p/toxics/t",
            "{}",
            405,
            "allowed: GET, PATCH, POST, DELETE",
            "method_not_allowed"),
        arguments(
            "unknown endpoint",
            "GET",
            "/nonsense",
            null,
            404,
            "no such endpoint: GET /nonsense",
            "not_found"),
        arguments(
            "unknown metrics format",
            "GET",
            "/metrics?format=xml",
            null,
            400,
            "unknown metrics format",
            "bad_request"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void answersWithAClearClientError(
      String what,
      String method,
      String path,
      String body,
      int status,
      String message,
      String code) {
    Http.Response r = api.send(method, path, body);
    assertThat(r.status()).as(what + ": " + r).isEqualTo(status);
    assertThat(r.json()).as(what + ": a JSON body").isNotNull();
    assertThat(r.error()).as(what).contains(message);
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
    assertThat(r.json().path("code").asText())
        .as(what + ": the machine-readable code")
        .isEqualTo(code);
  }

  @Test
  void aListenPortInUseIs409() {
    Http.Response r =
        api.post(
            "/proxies",
            "{\"name\":\"a\",\"upstream\":\"h:1\",\"listen\":\"127.0.0.1:"
                + taken.getLocalPort()
                + "\"}");
    assertThat(r.status()).as(r.toString()).isEqualTo(409);
    assertThat(r.error()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    assertThat(r.json().path("code").asText()).isEqualTo("address_in_use");
    assertThat(api.get("/proxies/a").status()).isEqualTo(404);
    Http.Response move =
        api.patch("/proxies/p", "{\"listen\":\"127.0.0.1:" + taken.getLocalPort() + "\"}");
    assertThat(move.status()).as(move.toString()).isEqualTo(409);
    assertThat(api.get("/proxies/p").json().get("enabled").asBoolean())
        .as("still up on its old port")
        .isTrue();
  }

  @Test
  void anOversizedBodyIs413AndTheAnswerArrives() {
    String huge = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
    for (int i = 0; i < 5; i++) {
      Http.Response r = api.post("/proxies", huge);
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.error())
          .contains("request body too large: 1100011 bytes; at most 1048576 bytes");
      assertThat(r.json().path("code").asText()).isEqualTo("payload_too_large");
      // The same without a Content-Length (chunked): found while reading.
      Http.Response chunked =
          api.send(
              "POST",
              "/proxies",
              null,
              b ->
                  b.POST(
                      java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                          () -> new java.io.ByteArrayInputStream(huge.getBytes()))));
      assertThat(chunked.status()).isEqualTo(413);
      assertThat(chunked.error()).contains("request body too large");
    }
  }

  @Test
  void trixterFieldsAreCheckedOnALiveConnection() throws Exception {
    try (ServerSocket upstream =
        new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      api.patch("/proxies/p", "{\"upstream\":\"127.0.0.1:" + upstream.getLocalPort() + "\"}");
      String listen = api.get("/proxies/p").json().get("listen").asText();
      try (java.net.Socket s =
          new java.net.Socket(
              "127.0.0.1", Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)))) {
        await("the connection is listed").until(() -> api.get("/connections").json().size() == 1);
        String id = api.get("/connections").json().get(0).get("id").asText();
        assertThat(api.patch("/connections/" + id + "/delay", "{}").error())
            .contains("missing required field: delay_ms");
        assertThat(api.patch("/connections/" + id + "/delay", "{\"delay_ms\":-1}").error())
            .contains("between 0 and");
        assertThat(api.patch("/connections/" + id + "/delay", "{\"delay\":1}").error())
            .contains("unknown field 'delay'");
        assertThat(api.patch("/connections/" + id + "/slice", "{\"size_bytes\":\"big\"}").error())
            .contains("whole number of bytes");
      }
    }
  }
}
