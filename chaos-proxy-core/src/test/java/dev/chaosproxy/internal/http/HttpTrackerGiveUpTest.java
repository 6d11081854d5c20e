package dev.chaosproxy.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the tracker lets go of, why, once, and what it holds meanwhile. */
class HttpTrackerGiveUpTest {
  private static Recorder up(String text) {
    Recorder r = new Recorder();
    HttpTracker t = new HttpTracker(r);
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    t.requests().feed(b, 0, b.length);
    t.requests().feed(b, 0, b.length);
    t.responses().feed("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, 19);
    return r;
  }

  @Test
  void eachUnreadableStartIsGivenUpOnceWithItsReason() {
    assertThat(up("GET /a b HTTP/1.1\r\n\r\n").events)
        .containsExactly(
            "gave up upstream at 0: a malformed request line: expected METHOD /path HTTP/1.1, was 'GET /a b HTTP/1.1'");
    assertThat(up("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").events)
        .containsExactly(
            "gave up upstream at 0: HTTP/2 with prior knowledge (the PRI * HTTP/2.0 preface)");
    assertThat(up("\u0016\u0003\u0001\u0002\u0000").events)
        .containsExactly(
            "gave up upstream at 0: a TLS handshake: the client speaks TLS, not plain HTTP");
    assertThat(up("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n").events)
        .containsExactly("gave up upstream at 0: conflicting Content-Length values: 3, 4");
    assertThat(up("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").events)
        .endsWith("gave up upstream at 47: a bad chunk size: byte 0x7a");
    assertThat(
            up("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n").events)
        .containsExactly("gave up upstream at 0: both Transfer-Encoding and Content-Length");
    StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
    for (int i = 0; i < 101; i++) many.append("X: ").append(i).append("\r\n");
    assertThat(up(many + "\r\n").events)
        .hasSize(1)
        .first()
        .asString()
        .endsWith("over 100 header fields");
  }

  @Test
  void aHugeHeadIsGivenUpAt64KiBWithoutHoldingMore() {
    Recorder r = new Recorder();
    HttpTracker t = new HttpTracker(r);
    byte[] line = "GET / HTTP/1.1\r\nX: ".getBytes(StandardCharsets.US_ASCII);
    t.requests().feed(line, 0, line.length);
    byte[] filler = new byte[1024];
    Arrays.fill(filler, (byte) 'a');
    for (int i = 0; i < 1024; i++) {
      t.requests().feed(filler, 0, filler.length);
      assertThat(t.requests().held()).isLessThanOrEqualTo(HttpTracker.MAX_HEAD);
    }
    assertThat(r.events).containsExactly("gave up upstream at 65536: a head over 65536 bytes");
    assertThat(t.requests().tracking()).isFalse();
    assertThat(t.requests().position()).isEqualTo(line.length + 1024L * 1024);
  }
}
