package dev.chaosproxy.http;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.Direction;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Java HTTP vocabulary makes the toxics it says, named and updated as documented. */
class HttpVocabularyTest {
  private final ChaosEngine engine = ChaosEngine.builder().build();
  private final ProxyControl api = engine.newProxy("api").http().upstream("127.0.0.1:9").start();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void theSameFaultOnTheSameRouteUpdatesAnotherRouteAdds() {
    api.http().on("GET", "/a").respond(503);
    api.http().on("GET", "/a").respond(500, "boom");
    api.http().on("GET", "/b").respond(503);
    api.http().on("GET", "/a").named("mine").respond(429);
    List<Toxic> toxics = api.toxics();
    assertThat(toxics)
        .extracting(Toxic::name)
        .containsExactly("http_respond", "http_respond_2", "mine");
    assertThat(toxics.get(0).attributes())
        .containsEntry("status", 500L)
        .containsEntry("body", "boom")
        .containsEntry("method", "GET")
        .containsEntry("path", "/a");
  }

  @Test
  void routeNarrowingBecomesAttributesToxicityAndTrigger() {
    api.http()
        .on("POST", "/pay")
        .header("X-Tenant", "blue")
        .first(2)
        .fraction(0.25)
        .when(Trigger.firstConnections(3))
        .abortAfterHeaders();
    Toxic t = api.toxics().get(0);
    assertThat(t.type()).isEqualTo(ToxicType.HTTP_ABORT);
    assertThat(t.toxicity()).isEqualTo(0.25);
    assertThat(t.trigger()).isEqualTo(Trigger.firstConnections(3));
    assertThat(t.attributes())
        .containsEntry("header", "X-Tenant: blue")
        .containsEntry("first", 2L)
        .containsEntry("at", "headers")
        .containsEntry("mode", "reset");
  }

  @Test
  void headerFaultsOnOneRouteAreOnePerFieldAndSayWhichMessage() {
    api.http()
        .any()
        .addHeader("X-A", "1")
        .any()
        .addHeader("X-B", "2")
        .any()
        .removeRequestHeader("Cookie");
    assertThat(api.toxics())
        .extracting(t -> t.name() + " " + t.direction().wireName())
        .containsExactly(
            "http_header downstream", "http_header_2 downstream", "http_header_3 upstream");
  }

  @Test
  void aViewsToxicityBecomesTheFraction() {
    api.toxicity(0.3).http().any().respond(503);
    assertThat(api.toxics().get(0).toxicity()).isEqualTo(0.3);
  }

  @Test
  void respondRetryAfterRoundsUpToWholeSeconds() {
    api.http().any().respondRetryAfter(429, java.time.Duration.ofMillis(1500));
    assertThat(api.toxics().get(0).attributes().get("headers"))
        .isEqualTo(Map.of("Retry-After", "2"));
  }

  @Test
  void defaultsOverToxicOf() {
    Toxic t = Toxic.of(ToxicType.HTTP_RESPOND, Direction.DOWNSTREAM, Map.of());
    assertThat(t.attributes())
        .containsEntry("status", 503L)
        .containsEntry("forward", false)
        .containsEntry("method", "")
        .containsEntry("first", 0L);
    Toxic h =
        Toxic.of(ToxicType.HTTP_RESPOND, Direction.DOWNSTREAM, Map.of("headers", "A: 1; B: 2"));
    assertThat(h.attributes().get("headers")).isEqualTo(Map.of("A", "1", "B", "2"));
  }

  @Test
  void badInputSaysWhatIsValid() {
    assertThatThrownBy(
            () -> api.http().any().when(Trigger.afterBytes(DataSize.ofBytes(10))).respond(503))
        .hasMessageContaining("not a point in the stream");
    assertThatThrownBy(() -> api.http().any().first(0)).hasMessageContaining(">= 1");
    assertThatThrownBy(() -> api.http().any().fraction(2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> api.http().any().addHeader("Content-Length", "1"))
        .hasMessageContaining("cannot name Content-Length");
    assertThatThrownBy(
            () -> api.http().any().respond(503, Map.of("Transfer-Encoding", "chunked"), ""))
        .hasMessageContaining("cannot name Transfer-Encoding");
    assertThatThrownBy(() -> api.http().any().addHeader("X-A", "a\r\nX-Injected: 1"))
        .hasMessageContaining("may not hold CR, LF or NUL");
    assertThatThrownBy(() -> api.http().any().corruptBody(1.5))
        .hasMessageContaining("between 0.0 and 1.0");
    assertThatThrownBy(() -> api.http().any().delayBody(ofSeconds(-1)))
        .hasMessageContaining(">= 0");
    assertThatThrownBy(
            () -> Toxic.of(ToxicType.HTTP_DELAY, Direction.DOWNSTREAM, Map.of("body_bytes", 5)))
        .hasMessageContaining("'body_bytes' is for at=body");
    assertThatThrownBy(() -> Toxic.of(ToxicType.HTTP_HEADER, Direction.DOWNSTREAM, Map.of()))
        .hasMessageContaining("give 'set'");
    assertThatThrownBy(() -> Toxic.of(ToxicType.HTTP_CORRUPT, Direction.DOWNSTREAM, Map.of()))
        .hasMessageContaining("needs attribute 'probability'");
  }

  @Test
  void aConnectionsOwnHttpFaultsNeedAnHttpProxyToo() {
    ProxyControl tcp = engine.newProxy("tcp").upstream("127.0.0.1:9").start();
    assertThatThrownBy(
            () -> tcp.put(Toxic.of(ToxicType.HTTP_DELAY, Direction.DOWNSTREAM, Map.of("delay", 5))))
        .hasMessageContaining("relays plain TCP");
  }
}
