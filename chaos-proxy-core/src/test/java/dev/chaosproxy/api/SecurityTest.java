package dev.chaosproxy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.testing.Http;
import dev.chaosproxy.testing.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loopback by default; a bearer token when it must listen wider; no browsers. */
class SecurityTest {
  private final ChaosEngine engine = ChaosEngine.start();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void bindsLoopbackByDefault() {
    try (ControlServer s = ControlServer.builder(engine).start()) {
      assertThat(s.address().getAddress().isLoopbackAddress()).isTrue();
    }
  }

  @Test
  void withATokenEveryCallWithoutItIs401() {
    try (ControlServer s = ControlServer.builder(engine).token("s3cret").start()) {
      Http anonymous = new Http(s.uri());
      for (String path :
          new String[] {
            "/version", "/proxies", "/health", "/metrics", "/connections", "/nonsense"
          }) {
        Http.Response r = anonymous.get(path);
        assertThat(r.status()).as(path).isEqualTo(401);
        assertThat(r.error()).contains("Authorization: Bearer");
        assertThat(r.json().path("code").asText()).isEqualTo("token_required");
        assertThat(r.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      }
      assertThat(anonymous.post("/proxies", "{\"name\":\"x\",\"upstream\":\"h:1\"}").status())
          .isEqualTo(401);
      assertThat(engine.proxies()).isEmpty();
      Http.Response wrong = new Http(s.uri(), "wrong").get("/proxies");
      assertThat(wrong.error()).isEqualTo("wrong bearer token");
      assertThat(wrong.json().path("code").asText()).isEqualTo("token_wrong");
      assertThat(new Http(s.uri(), "s3cret").get("/proxies").status()).isEqualTo(200);
    }
  }

  @Test
  void browsersAreRefusedAsToxiproxyDoes() {
    try (ControlServer s = ControlServer.builder(engine).start()) {
      Http.Response r =
          new Http(s.uri())
              .send(
                  "GET",
                  "/proxies",
                  null,
                  b -> b.header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"));
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.json().path("code").asText()).isEqualTo("browser_not_allowed");
    }
  }

  @Test
  void anEmptyTokenOrBadAddressIsRefusedUpFront() {
    assertThatThrownBy(() -> ControlServer.builder(engine).token(" "))
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> ControlServer.builder(engine).listen("8474"))
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> ControlServer.builder(engine).listen("127.0.0.1:99999"))
        .hasMessageContaining("between 0 and 65535");
  }

  private static String post(String host, String extraHeaders, String contentType, String body) {
    return "POST /proxies HTTP/1.1\r\nHost: "
        + host
        + "\r\nUser-Agent: curl/8.5.0\r\n"
        + extraHeaders
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + "Content-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  private static final String PROXY = "{\"name\":\"x\",\"upstream\":\"127.0.0.1:1\"}";

  @Test
  void aDnsRebindingRequestIsRefused() throws IOException {
    try (ControlServer s = ControlServer.builder(engine).start()) {
      RawHttp.Answer a =
          RawHttp.send(
              s.address(),
              post(
                  "evil.example:8474",
                  "Origin: http://evil.example:8474\r\n",
                  "text/plain",
                  PROXY));
      assertThat(a.status()).isEqualTo(403);
      assertThat(a.json()).isTrue();
      assertThat(a.body())
          .contains("Host 'evil.example:8474' is not allowed", "\"code\":\"host_not_allowed\"");
      RawHttp.Answer noOrigin =
          RawHttp.send(s.address(), post("evil.example:8474", "", "application/json", PROXY));
      assertThat(noOrigin.status()).isEqualTo(403);
      assertThat(engine.proxies()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "localhost:8474",
        "LOCALHOST.",
        "api.localhost:1",
        "127.0.0.1",
        "127.0.0.1:8474",
        "10.1.2.3:8474",
        "[::1]:8474",
        "[fe80::1]"
      })
  void loopbackNamesAndIpLiteralsAreAnswered(String host) throws IOException {
    try (ControlServer s = ControlServer.builder(engine).start()) {
      RawHttp.Answer a =
          RawHttp.send(s.address(), "GET /version HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
      assertThat(a.status()).as(host).isEqualTo(200);
    }
  }

  @Test
  void allowedNamesAndTheListenNameAreAnswered() throws IOException {
    try (ControlServer s =
        ControlServer.builder(engine).listen("localhost:0").allowHost("chaos-proxy").start()) {
      InetSocketAddress a = s.address();
      assertThat(
              RawHttp.send(a, "GET /version HTTP/1.1\r\nHost: chaos-proxy:8474\r\n\r\n").status())
          .isEqualTo(200);
      assertThat(RawHttp.send(a, "GET /version HTTP/1.1\r\nHost: Chaos-Proxy\r\n\r\n").status())
          .isEqualTo(200);
      assertThat(RawHttp.send(a, "GET /version HTTP/1.1\r\nHost: other\r\n\r\n").status())
          .isEqualTo(403);
    }
    try (ControlServer s = ControlServer.builder(engine).allowHost("*").start()) {
      assertThat(
              RawHttp.send(s.address(), "GET /version HTTP/1.1\r\nHost: anything.example\r\n\r\n")
                  .status())
          .isEqualTo(200);
    }
    assertThatThrownBy(() -> ControlServer.builder(engine).allowHost("http://x"))
        .hasMessageContaining("host name without port or scheme");
  }

  @Test
  void aRequestFromAWebPageIsRefusedUnlessItsOriginIsAllowed() throws IOException {
    String get =
        "GET /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:3000\r\n\r\n";
    try (ControlServer s = ControlServer.builder(engine).start()) {
      RawHttp.Answer a = RawHttp.send(s.address(), get);
      assertThat(a.status()).isEqualTo(403);
      assertThat(a.body())
          .contains("requests from web pages are refused (Origin: http://localhost:3000)");
    }
    try (ControlServer s =
        ControlServer.builder(engine).allowOrigin("http://localhost:3000").start()) {
      assertThat(RawHttp.send(s.address(), get).status()).isEqualTo(200);
      assertThat(RawHttp.send(s.address(), get.replace("3000", "3001")).status()).isEqualTo(403);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text/plain",
        "text/plain;charset=UTF-8",
        "multipart/form-data; boundary=x",
        "application/xml"
      })
  void bodiesThatAreNotJsonAre415(String type) throws IOException {
    try (ControlServer s = ControlServer.builder(engine).start()) {
      RawHttp.Answer a = RawHttp.send(s.address(), post("127.0.0.1", "", type, PROXY));
      assertThat(a.status()).as(type).isEqualTo(415);
      assertThat(a.body()).contains("send the body as application/json");
      assertThat(engine.proxies()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=utf-8",
        "application/x-www-form-urlencoded",
        "none"
      })
  void jsonNoTypeAndWhatToxiproxyJavaAndCurlSendAreRead(String type) throws IOException {
    try (ControlServer s = ControlServer.builder(engine).start()) {
      RawHttp.Answer a =
          RawHttp.send(
              s.address(), post("127.0.0.1", "", type.equals("none") ? null : type, PROXY));
      assertThat(a.status()).as(type).isEqualTo(201);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer s3cret", "bearer s3cret", "BEARER   s3cret "})
  void theBearerSchemeIsCaseInsensitive(String authorization) throws IOException {
    try (ControlServer s = ControlServer.builder(engine).token("s3cret").start()) {
      RawHttp.Answer a =
          RawHttp.send(
              s.address(),
              "GET /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                  + authorization
                  + "\r\n\r\n");
      assertThat(a.status()).isEqualTo(200);
      RawHttp.Answer basic =
          RawHttp.send(
              s.address(),
              "GET /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic s3cret\r\n\r\n");
      assertThat(basic.status()).isEqualTo(401);
    }
  }

  @Test
  void namesOfDotsAloneAreRefusedSoThatAPathCannotBeNormalizedIntoAnother() throws IOException {
    try (ControlServer s = ControlServer.builder(engine).start()) {
      Http api = new Http(s.uri());
      assertThat(
              api.post("/proxies", "{\"name\":\"victim\",\"upstream\":\"127.0.0.1:1\"}").status())
          .isEqualTo(201);
      for (String name : new String[] {".", "..", "..."}) {
        Http.Response toxic =
            api.post("/proxies/victim/toxics", "{\"name\":\"" + name + "\",\"type\":\"latency\"}");
        assertThat(toxic.status()).as(name).isEqualTo(400);
        assertThat(toxic.error()).contains("not dots alone");
        assertThat(
                api.post("/proxies", "{\"name\":\"" + name + "\",\"upstream\":\"127.0.0.1:1\"}")
                    .status())
            .isEqualTo(400);
      }
      RawHttp.Answer delete =
          RawHttp.send(
              s.address(), "DELETE /proxies/victim/toxics/.. HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(delete.status()).isEqualTo(404);
      assertThat(engine.proxy("victim")).isPresent();
    }
    assertThatThrownBy(() -> engine.newProxy("..")).hasMessageContaining("not dots alone");
  }
}
