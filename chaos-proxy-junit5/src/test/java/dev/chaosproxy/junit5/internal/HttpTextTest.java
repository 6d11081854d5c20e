package dev.chaosproxy.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Trigger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code http ...} chaos words make exactly the toxics the {@code HttpRoute} calls make. */
class HttpTextTest {
  static ChaosEngine engine;

  @BeforeAll
  static void engine() {
    engine = ChaosEngine.builder().eventLoops(1).build();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  private static Arguments of(String text, Consumer<ProxyControl> java) {
    return Arguments.of(text, java);
  }

  private static Map<String, String> headers(String... nameThenValue) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenValue.length; i += 2) m.put(nameThenValue[i], nameThenValue[i + 1]);
    return m;
  }

  static Stream<Arguments> equivalents() {
    return Stream.of(
        of("http respond 503", p -> p.http().any().respond(503)),
        of("http GET /search/** respond 503", p -> p.http().on("GET", "/search/**").respond(503)),
        of("HTTP /pay respond 502", p -> p.http().on("/pay").respond(502)),
        of(
            "http GET,HEAD /a fraction 20% respond 503",
            p -> p.http().on("GET,HEAD", "/a").fraction(0.2).respond(503)),
        of("http /a toxicity 0.5 respond 500", p -> p.http().on("/a").fraction(0.5).respond(500)),
        of("toxicity 50% http /a respond 500", p -> p.toxicity(0.5).http().on("/a").respond(500)),
        of(
            "http /a respond 503 body \"busy now\" header \"Retry-After: 5\" header \"X-A: 1\"",
            p ->
                p.http()
                    .on("/a")
                    .respond(503, headers("Retry-After", "5", "X-A", "1"), "busy now")),
        of("http /a respond 404 body gone", p -> p.http().on("/a").respond(404, "gone")),
        of(
            "http /a respond 503 retryAfter 5s",
            p -> p.http().on("/a").respondRetryAfter(503, Duration.ofSeconds(5))),
        of(
            "http /a respondRetryAfter 429 1500ms",
            p -> p.http().on("/a").respondRetryAfter(429, Duration.ofMillis(1500))),
        of(
            "http /a respond 503 retryAfter 1500ms body busy",
            p -> p.http().on("/a").respond(503, headers("Retry-After", "2"), "busy")),
        of(
            "http POST /pay replace 500 body oops",
            p -> p.http().on("POST", "/pay").replace(500, Map.of(), "oops")),
        of(
            "http POST /pay first 2 abort headers",
            p -> p.http().on("POST", "/pay").first(2).abortAfterHeaders()),
        of("http /pay abortAfterHeaders", p -> p.http().on("/pay").abortAfterHeaders()),
        of("http /a abort response", p -> p.http().on("/a").abortBeforeResponse()),
        of("http /a abort response reset", p -> p.http().on("/a").abortBeforeResponse()),
        of("http /a abort response close", p -> p.http().on("/a").closeBeforeResponse()),
        of("http /a closeBeforeResponse", p -> p.http().on("/a").closeBeforeResponse()),
        of("http /a abort headers close", p -> p.http().on("/a").closeAfterHeaders()),
        of(
            "http /a abort body after 1KiB",
            p -> p.http().on("/a").abortAfterBody(DataSize.ofKiB(1))),
        of(
            "http /a abortAfterBody 1500B",
            p -> p.http().on("/a").abortAfterBody(DataSize.ofBytes(1500))),
        of(
            "http /a abort body after 1KiB close",
            p -> p.http().on("/a").closeAfterBody(DataSize.ofKiB(1))),
        of("http /a closeAfterBody 1KiB", p -> p.http().on("/a").closeAfterBody(DataSize.ofKiB(1))),
        of("http /a delay request 2s", p -> p.http().on("/a").delayRequest(Duration.ofSeconds(2))),
        of(
            "http /a delay response 250ms",
            p -> p.http().on("/a").delayResponse(Duration.ofMillis(250))),
        of(
            "http /a delayResponse 250ms",
            p -> p.http().on("/a").delayResponse(Duration.ofMillis(250))),
        of("http /a delay body 1s", p -> p.http().on("/a").delayBody(Duration.ofSeconds(1))),
        of(
            "http /a delay body 1s after 4KiB",
            p -> p.http().on("/a").delayBody(DataSize.ofKiB(4), Duration.ofSeconds(1))),
        of(
            "http /a throttle body 10KiB/s",
            p -> p.http().on("/a").throttleBody(DataSize.ofKiB(10))),
        of(
            "http /a throttle request 1MB/s",
            p -> p.http().on("/a").throttleRequestBody(DataSize.ofMB(1))),
        of(
            "http /a throttleRequestBody 1MB/s",
            p -> p.http().on("/a").throttleRequestBody(DataSize.ofMB(1))),
        of("http /a corrupt body 1%", p -> p.http().on("/a").corruptBody(0.01)),
        of("http /a corrupt request 0.5", p -> p.http().on("/a").corruptRequestBody(0.5)),
        of(
            "http /a addHeader \"Cache-Control: no-store\"",
            p -> p.http().on("/a").addHeader("Cache-Control", "no-store")),
        of(
            "http /a addHeader request X-Chaos:yes",
            p -> p.http().on("/a").addRequestHeader("X-Chaos", "yes")),
        of(
            "http /a addRequestHeader \"X-Chaos: yes\"",
            p -> p.http().on("/a").addRequestHeader("X-Chaos", "yes")),
        of("http /a removeHeader ETag", p -> p.http().on("/a").removeHeader("ETag")),
        of(
            "http /a removeHeader request Authorization",
            p -> p.http().on("/a").removeRequestHeader("Authorization")),
        of(
            "http GET /a header X-Debug respond 500",
            p -> p.http().on("GET", "/a").header("X-Debug").respond(500)),
        of(
            "http /a header \"X-Tenant: blue\" respond 500",
            p -> p.http().on("/a").header("X-Tenant", "blue").respond(500)),
        of(
            "http GET pathMatching \"/items/[0-9]+\" respond 404",
            p -> p.http().on("GET", "").pathMatching("/items/[0-9]+").respond(404)),
        of(
            "http header \"X-Tenant: blue\" delay response 800ms",
            p -> p.http().any().header("X-Tenant", "blue").delayResponse(Duration.ofMillis(800))),
        of("http /a named outage respond 503", p -> p.http().on("/a").named("outage").respond(503)),
        // a connection trigger before http, as the Java view's
        of("first 2 http /a respond 503", p -> p.firstConnections(2).http().on("/a").respond(503)),
        of(
            "during 1s..3s http /a respond 503",
            p ->
                p.when(Trigger.during(Duration.ofSeconds(1), Duration.ofSeconds(3)))
                    .http()
                    .on("/a")
                    .respond(503)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("equivalents")
  void wordsMakeTheSameToxicsAsTheJavaCalls(String text, Consumer<ProxyControl> java) {
    try (ProxyControl p = engine.newProxy("p").http().start()) {
      java.accept(p);
      assertThat(p.toxics()).isNotEmpty();
      assertThat(ChaosText.parse(text).toxics).isEqualTo(p.toxics());
    }
  }

  @Test
  void twoHttpFaultsOfOneTypeOnTwoRoutesAreTwoToxicsAsInJava() {
    try (ProxyControl p = engine.newProxy("p").http().start()) {
      p.http().on("/a").respond(503).on("/b").respond(500);
      assertThat(ChaosText.parse("http /a respond 503", "http /b respond 500").toxics)
          .isEqualTo(p.toxics());
    }
  }

  @Test
  void theSameFaultOnTheSameRouteAgainReplacesItAsInJava() {
    try (ProxyControl p = engine.newProxy("p").http().start()) {
      p.http().on("/a").respond(503).on("/a").respond(500);
      assertThat(p.toxics()).hasSize(1);
      assertThat(ChaosText.parse("http /a respond 503", "delay 1ms", "http /a respond 500").toxics)
          .contains(p.toxics().get(0))
          .hasSize(3); // latency, both directions, and the one http_respond
    }
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("http", "a route and a fault are missing; write http [METHOD] [PATH]"),
        Arguments.of("http /a", "no HTTP fault named; HTTP faults: respond STATUS"),
        Arguments.of("http /a explode", "unknown HTTP fault or route word 'explode'"),
        Arguments.of("http GET search respond 503", "'search' (a path starts with '/')"),
        Arguments.of(
            "http GTE /a respond 503",
            "attribute 'method': unknown method \"GTE\"; valid: GET, HEAD, POST"),
        Arguments.of("http GET a/** respond 503", "(a path starts with '/')"),
        Arguments.of(
            "http /a respond soon",
            "status 'soon' is not a status code; write a whole number 200..599"),
        Arguments.of("http /a respond 700", "is an HTTP status code between 100 and 599, was 700"),
        Arguments.of("http /a respond 101", "a 1xx is not an answer"),
        Arguments.of(
            "http /a respond 503 header Retry-After",
            "header \"Retry-After\" is not a header field"),
        Arguments.of("http /a respond 503 body a body b", "body is given twice"),
        Arguments.of("http /a respond 503 later", "unexpected 'later'; write respond STATUS"),
        Arguments.of(
            "http /a delay soon 2s", "delay 'soon' is not a point of the exchange; write delay"),
        Arguments.of("http /a delay response", "a value is missing; write delay request|response"),
        Arguments.of("http /a delay response 2", "delay '2' needs a unit"),
        Arguments.of(
            "http /a delay response 1s after 1KiB",
            "after SIZE is a point in the response body: write delay body DURATION after SIZE"),
        Arguments.of("http /a abort body", "a value is missing; write abort body after SIZE"),
        Arguments.of("http /a abort body after lots", "after 'lots' is not a size"),
        Arguments.of("http /a abort headers after 1KiB", "write abort body after SIZE"),
        Arguments.of("http /a abort headers slowly", "unexpected 'slowly'; write abort"),
        Arguments.of("http /a closeAfterHeaders reset", "unexpected 'reset'"),
        Arguments.of(
            "http /a throttle 10KiB/s",
            "throttle '10kib/s': say which body, body (the response's) or request"),
        Arguments.of("http /a throttle body fast", "rate 'fast' is not a size"),
        Arguments.of("http /a corrupt body 2", "probability '2' is more than 1"),
        Arguments.of("http /a addHeader X-A", "addHeader \"X-A\" is not a header field"),
        Arguments.of("http /a addHeader \"Content-Length: 1\"", "cannot name Content-Length"),
        Arguments.of("http /a removeHeader \"A,B\"", "removeHeader takes one header field name"),
        Arguments.of("http /a first 0 respond 503", "first(count) takes a count >= 1, was 0"),
        Arguments.of("http /a first two respond 503", "first 'two' is not a whole number"),
        Arguments.of("http /a fraction 150% respond 503", "fraction '150%' is more than 100%"),
        Arguments.of(
            "http pathMatching \"(\" respond 503",
            "attribute 'path_regex' is not a valid regular expression"),
        Arguments.of(
            "upstream http /a respond 503",
            "'upstream' does not go with http: each HTTP fault says which message"),
        Arguments.of("after 1KiB http /a respond 503", "acts on HTTP requests"),
        Arguments.of("dealy 1s", "faults: delay, throttle"),
        Arguments.of("dealy 1s", "schedule, http"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("mistakes")
  void mistakesSayWhatIsWrongAndWhatIsValid(String text, String message) {
    assertThatThrownBy(() -> ChaosText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("chaos \"" + text + "\": ")
        .hasMessageContaining(message);
  }
}
