package dev.chaosproxy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.testing.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
      for (String path : new String[] {"/version", "/proxies", "/health", "/metrics", "/connections", "/nonsense"}) {
        Http.Response r = anonymous.get(path);
        assertThat(r.status()).as(path).isEqualTo(401);
        assertThat(r.error()).contains("Authorization: Bearer");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      }
      assertThat(anonymous.post("/proxies", "{\"name\":\"x\",\"upstream\":\"h:1\"}").status()).isEqualTo(401);
      assertThat(engine.proxies()).isEmpty();
      assertThat(new Http(s.uri(), "wrong").get("/proxies").error()).isEqualTo("wrong bearer token");
      assertThat(new Http(s.uri(), "s3cret").get("/proxies").status()).isEqualTo(200);
    }
  }

  @Test
  void browsersAreRefusedAsToxiproxyDoes() {
    try (ControlServer s = ControlServer.builder(engine).start()) {
      Http.Response r = new Http(s.uri()).send("GET", "/proxies", null,
          b -> b.header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"));
      assertThat(r.status()).isEqualTo(403);
    }
  }

  @Test
  void anEmptyTokenOrBadAddressIsRefusedUpFront() {
    assertThatThrownBy(() -> ControlServer.builder(engine).token(" ")).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> ControlServer.builder(engine).listen("8474")).hasMessageContaining("host:port");
    assertThatThrownBy(() -> ControlServer.builder(engine).listen("127.0.0.1:99999")).hasMessageContaining("between 0 and 65535");
  }
}
