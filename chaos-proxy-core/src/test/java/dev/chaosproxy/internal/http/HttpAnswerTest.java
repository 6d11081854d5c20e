package dev.chaosproxy.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proxy's own answers: framed by Content-Length, no body to HEAD, the client's version. */
class HttpAnswerTest {
  private static HttpRequest request(String head) {
    Recorder r = new Recorder();
    byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
    new HttpTracker(r).requests().feed(bytes, 0, bytes.length);
    return r.requests.get(0);
  }

  private static String answer(
      int status, Map<String, String> h, String body, String req, boolean close) {
    return new String(
        HttpAnswer.bytes(status, h, body, request(req), close), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aBodyIsTextUnlessTyped() {
    assertThat(answer(503, Map.of("Retry-After", "2"), "later", "GET / HTTP/1.1\r\n\r\n", false))
        .isEqualTo(
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\nlater");
    assertThat(
            answer(
                500,
                Map.of("Content-Type", "application/json"),
                "{}",
                "GET / HTTP/1.1\r\n\r\n",
                false))
        .isEqualTo(
            "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}");
  }

  @Test
  void headGetsTheHeadOnlyAndCloseIsSaid() {
    assertThat(answer(404, Map.of(), "gone", "HEAD /x HTTP/1.1\r\n\r\n", true))
        .isEqualTo(
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 4\r\nConnection: close\r\n\r\n");
  }

  @Test
  void anHttp10ClientGetsHttp10AndKeepAlive() {
    assertThat(answer(429, Map.of(), "", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false))
        .isEqualTo(
            "HTTP/1.0 429 Too Many Requests\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n");
    assertThat(HttpAnswer.reason(599)).isEmpty();
  }
}
