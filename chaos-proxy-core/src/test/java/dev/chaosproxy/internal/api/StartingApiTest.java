package dev.chaosproxy.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.testing.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API of a starting process: {@code /version} at once when nothing else is to wait for, every
 * other call held and then answered by the full API, 503 when the start fails.
 */
class StartingApiTest {
  private static final String VERSION = "GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  private static final Duration HELD = Duration.ofMillis(300);
  private final ChaosEngine engine = ChaosEngine.builder().build();
  private StartingApi starting;
  private ApiServer api;

  @AfterEach
  void close() {
    if (api != null) api.close();
    else if (starting != null) starting.close();
    engine.close();
  }

  private InetSocketAddress serve(boolean versionEarly) throws IOException {
    ServerSocketChannel ch = ApiServer.bind(new InetSocketAddress("127.0.0.1", 0));
    starting = StartingApi.serve(ch, "127.0.0.1", versionEarly, "1.2.3-test");
    return starting.address();
  }

  private void open() {
    api = ApiServer.start(engine, starting, "127.0.0.1", ApiServer.Config.defaults(), "1.2.3-test");
  }

  @Test
  void versionIsAnsweredAtOnceWithTheFullApisBody() throws IOException {
    InetSocketAddress a = serve(true);
    RawHttp.Answer early = RawHttp.send(a, VERSION);
    assertThat(early.status()).isEqualTo(200);
    assertThat(early.head()).containsIgnoringCase("Content-Type: application/json");
    open();
    RawHttp.Answer full = RawHttp.send(a, VERSION);
    assertThat(early.body())
        .isEqualTo(full.body())
        .isEqualTo(
            "{\"version\":\"2.12.0\",\"server\":\"chaos-proxy\",\"server_version\":\"1.2.3-test\"}");
  }

  @Test
  void otherCallsAreHeldAndThenAnsweredByTheFullApi() throws IOException {
    InetSocketAddress a = serve(true);
    try (Socket s = RawHttp.open(a)) {
      long start = System.nanoTime();
      String body = "{\"name\":\"held\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}";
      write(
          s,
          "POST /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n"
              + body);
      assertThat(RawHttp.silentFor(s, HELD)).as("held: no answer, no close").isTrue();
      open();
      RawHttp.Answer created = RawHttp.read(s.getInputStream(), start);
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(engine.proxy("held")).isNotNull();
    }
  }

  @Test
  void whatOnlyTheFlagsCanDecideIsHeldNotRefused() throws IOException {
    InetSocketAddress a = serve(true);
    // An unknown Host may be allowed by --api-allowed-host; a browser or an Origin is refused by
    // the full API with its own message. None is answered early.
    for (String request :
        List.of(
            "GET /version HTTP/1.1\r\nHost: chaos.internal\r\n\r\n",
            "GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n\r\n",
            "GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: Mozilla/5.0\r\n\r\n",
            "HEAD /version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) {
      try (Socket s = RawHttp.open(a)) {
        write(s, request);
        assertThat(RawHttp.silentFor(s, Duration.ofMillis(100))).as(request).isTrue();
      }
    }
  }

  @Test
  void withATokenOrProxiesToWaitForVersionIsHeldToo() throws IOException {
    InetSocketAddress a = serve(false);
    try (Socket s = RawHttp.open(a)) {
      long start = System.nanoTime();
      write(s, VERSION);
      assertThat(RawHttp.silentFor(s, HELD)).isTrue();
      open();
      assertThat(RawHttp.read(s.getInputStream(), start).status()).isEqualTo(200);
    }
  }

  @Test
  void aHeldCallIsAnswered503WithTheReasonWhenTheStartFails() throws IOException {
    InetSocketAddress a = serve(true);
    try (Socket s = RawHttp.open(a)) {
      long start = System.nanoTime();
      write(s, "GET /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(RawHttp.silentFor(s, HELD)).isTrue();
      starting.fail("proxy 'db': address in use");
      starting.close();
      RawHttp.Answer answer = RawHttp.read(s.getInputStream(), start);
      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.body())
          .contains(
              "chaos-proxy could not start: proxy 'db': address in use",
              "\"code\":\"start_failed\"");
    }
  }

  private static void write(Socket s, String request) throws IOException {
    s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
  }
}
