package dev.chaosproxy.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.Direction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the tracker reports for each message shape, the same wherever the reads are cut: every
 * scenario is fed whole, cut in two at every byte of each step, and cut at random in many places
 * (fixed seed).
 */
class HttpTrackerTest {
  /** A conversation: bytes each way in the order they pass, and the ends of the streams. */
  private static final class Script {
    final List<Direction> directions = new ArrayList<>();
    final List<byte[]> bytes = new ArrayList<>();

    Script up(String text) {
      return step(Direction.UPSTREAM, text);
    }

    Script down(String text) {
      return step(Direction.DOWNSTREAM, text);
    }

    Script upEof() {
      return step(Direction.UPSTREAM, null);
    }

    Script downEof() {
      return step(Direction.DOWNSTREAM, null);
    }

    private Script step(Direction d, String text) {
      directions.add(d);
      bytes.add(text == null ? null : text.getBytes(StandardCharsets.ISO_8859_1));
      return this;
    }
  }

  private interface Cutter {
    int[] cuts(int step, int length);
  }

  private static Recorder play(Script s, Cutter cutter) {
    Recorder r = new Recorder();
    HttpTracker t = new HttpTracker(r);
    for (int k = 0; k < s.bytes.size(); k++) {
      HttpTracker.Half half = t.half(s.directions.get(k));
      byte[] b = s.bytes.get(k);
      if (b == null) {
        half.eof();
        continue;
      }
      int at = 0;
      for (int cut : cutter.cuts(k, b.length)) {
        half.feed(b, at, cut);
        at = cut;
      }
      half.feed(b, at, b.length);
    }
    return r;
  }

  /** The events of {@code s} fed whole, after checking every way of cutting gives the same. */
  private static List<String> events(Script s) {
    List<String> whole = play(s, (k, n) -> new int[0]).events;
    for (int step = 0; step < s.bytes.size(); step++) {
      byte[] b = s.bytes.get(step);
      if (b == null) continue;
      for (int cut = 0; cut <= b.length; cut++) {
        int st = step;
        int c = cut;
        assertThat(play(s, (k, n) -> k == st ? new int[] {c} : new int[0]).events)
            .as("step %d cut at %d", step, cut)
            .isEqualTo(whole);
      }
    }
    Random random = new Random(15);
    for (int run = 0; run < 200; run++) {
      long seed = random.nextLong();
      Random cuts = new Random(seed);
      assertThat(
              play(
                      s,
                      (k, n) -> {
                        int[] c = new int[cuts.nextInt(12)];
                        for (int i = 0; i < c.length; i++) c[i] = cuts.nextInt(n + 1);
                        Arrays.sort(c);
                        return c;
                      })
                  .events)
          .as("random cuts, seed %d", seed)
          .isEqualTo(whole);
    }
    return whole;
  }

  private static int len(String... parts) {
    int n = 0;
    for (String p : parts) n += p.length();
    return n;
  }

  private static final String GET = "GET /search?q=x HTTP/1.1\r\nHost: a\r\n\r\n";
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

  @Test
  void aRequestAndItsResponse() {
    assertThat(events(new Script().up(GET).down(OK).upEof().downEof()))
        .containsExactly(
            "request #0 GET /search?q=x head 0.." + len(GET) + " NONE",
            "request #0 ends " + len(GET),
            "response 200 to #0 head 0.." + (len(OK) - 5) + " LENGTH 5",
            "response 200 ends " + len(OK),
            "eof upstream at " + len(GET),
            "eof downstream at " + len(OK));
  }

  @Test
  void theRequestLineAndHeadersAreRead() {
    Recorder r =
        play(
            new Script()
                .up("POST /pay/now?id=7&x=%20 HTTP/1.0\r\ncontent-TYPE :x\r\n")
                .up(
                    "X-Many: 1\r\nx-many:  2 \r\nX-Fold: a\r\n  b\r\nConnection: keep-alive\r\n\r\n"),
            (k, n) -> new int[0]);
    assertThat(r.events).hasSize(1).first().asString().startsWith("gave up upstream at 0");
    assertThat(r.events.get(0)).contains("malformed header field name");

    Recorder ok =
        play(
            new Script()
                .up("POST /pay/now?id=7&x=%20 HTTP/1.0\r\nContent-TYPE: x\r\n")
                .up(
                    "X-Many: 1\r\nx-many:  2 \r\nX-Fold: a\r\n  b\r\nConnection: keep-alive\r\n\r\n"),
            (k, n) -> new int[0]);
    HttpRequest q = ok.requests.get(0);
    assertThat(q.method()).isEqualTo("POST");
    assertThat(q.target()).isEqualTo("/pay/now?id=7&x=%20");
    assertThat(q.path()).isEqualTo("/pay/now");
    assertThat(q.query()).isEqualTo("id=7&x=%20");
    assertThat(q.version()).isEqualTo("HTTP/1.0");
    assertThat(q.keepAlive()).isTrue();
    assertThat(q.headers().get("content-type")).isEqualTo("x");
    assertThat(q.headers().values("X-MANY")).containsExactly("1", "2");
    assertThat(q.headers().get("x-fold")).isEqualTo("a b");
    assertThat(q.headers().size()).isEqualTo(5);
    assertThat(q.headers().name(0)).isEqualTo("Content-TYPE");
  }

  @Test
  void pipelinedRequestsPairWithTheirResponsesInOrder() {
    String a = "GET /a HTTP/1.1\r\n\r\n";
    String b = "POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
    String c = "DELETE /c HTTP/1.1\r\n\r\n";
    String r1 = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n1";
    String r2 = "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
    String r3 = "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno";
    List<String> e = events(new Script().up(a + b + c).down(r1 + r2 + r3));
    assertThat(e)
        .containsExactly(
            "request #0 GET /a head 0.." + len(a) + " NONE",
            "request #0 ends " + len(a),
            "request #1 POST /b head " + len(a) + ".." + (len(a, b) - 3) + " LENGTH 3",
            "request #1 ends " + len(a, b),
            "request #2 DELETE /c head " + len(a, b) + ".." + len(a, b, c) + " NONE",
            "request #2 ends " + len(a, b, c),
            "response 200 to #0 head 0.." + (len(r1) - 1) + " LENGTH 1",
            "response 200 ends " + len(r1),
            "response 201 to #1 head " + len(r1) + ".." + len(r1, r2) + " LENGTH 0",
            "response 201 ends " + len(r1, r2),
            "response 404 to #2 head " + len(r1, r2) + ".." + (len(r1, r2, r3) - 2) + " LENGTH 2",
            "response 404 ends " + len(r1, r2, r3));
  }

  @Test
  void chunkedBodiesEndExactlyAfterTheLastChunksTrailers() {
    String head = "POST /up HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n";
    String body =
        "5;name=\"v\";x\r\nhello\r\nA \t; ext\r\n0123456789\r\n000;last\r\nX-Sum: 1\r\nX-T: 2\r\n\r\n";
    String next = "GET /next HTTP/1.1\r\n\r\n";
    String rhead = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
    String rbody = "3\r\nabc\r\n0\r\n\r\n";
    List<String> e =
        events(
            new Script()
                .up(head + body + next)
                .down(rhead + rbody + "HTTP/1.1 204 No Content\r\n\r\n"));
    assertThat(e)
        .containsExactly(
            "request #0 POST /up head 0.." + len(head) + " CHUNKED",
            "request #0 ends " + len(head, body),
            "request #1 GET /next head " + len(head, body) + ".." + len(head, body, next) + " NONE",
            "request #1 ends " + len(head, body, next),
            "response 200 to #0 head 0.." + len(rhead) + " CHUNKED",
            "response 200 ends " + len(rhead, rbody),
            "response 204 to #1 head "
                + len(rhead, rbody)
                + ".."
                + (len(rhead, rbody) + 27)
                + " NONE",
            "response 204 ends " + (len(rhead, rbody) + 27));
  }

  @Test
  void headResponsesAnd204And304HaveNoBodyWhateverTheirLength() {
    String reqs = "HEAD /h HTTP/1.1\r\n\r\nGET /n HTTP/1.1\r\n\r\nGET /m HTTP/1.1\r\n\r\n";
    String r1 = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
    String r2 = "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n";
    String r3 = "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n";
    List<String> e = events(new Script().up(reqs).down(r1 + r2 + r3));
    assertThat(e.subList(6, 12))
        .containsExactly(
            "response 200 to #0 head 0.." + len(r1) + " NONE",
            "response 200 ends " + len(r1),
            "response 204 to #1 head " + len(r1) + ".." + len(r1, r2) + " NONE",
            "response 204 ends " + len(r1, r2),
            "response 304 to #2 head " + len(r1, r2) + ".." + len(r1, r2, r3) + " NONE",
            "response 304 ends " + len(r1, r2, r3));
  }

  @Test
  void expectContinueWithTheBodyAfterThe100() {
    String head = "PUT /f HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";
    String cont = "HTTP/1.1 100 Continue\r\n\r\n";
    String fin = "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
    Script s = new Script().up(head).down(cont).up("data").down(fin);
    assertThat(events(s))
        .containsExactly(
            "request #0 PUT /f head 0.." + len(head) + " LENGTH 4",
            "response 100 to #0 head 0.." + len(cont) + " NONE",
            "response 100 ends " + len(cont),
            "request #0 ends " + len(head, "data"),
            "response 201 to #0 head " + len(cont) + ".." + len(cont, fin) + " LENGTH 0",
            "response 201 ends " + len(cont, fin));
    Recorder r = play(s, (k, n) -> new int[0]);
    assertThat(r.requests.get(0).expectContinue()).isTrue();
    assertThat(r.responses.get(0).interim()).isTrue();
    assertThat(r.responses.get(1).request()).isSameAs(r.requests.get(0));
  }

  @Test
  void expectContinueAnsweredWithoutThe100() {
    String head = "PUT /f HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";
    String fin =
        "HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    // the client gives up on the body and closes
    assertThat(events(new Script().up(head).down(fin).upEof().downEof()))
        .containsExactly(
            "request #0 PUT /f head 0.." + len(head) + " LENGTH 4",
            "response 417 to #0 head 0.." + len(fin) + " LENGTH 0",
            "response 417 ends " + len(fin),
            "eof upstream at " + len(head) + " mid-message",
            "eof downstream at " + len(fin));
    // or sends it anyway, and the next request after it
    String next = "GET /g HTTP/1.1\r\n\r\n";
    assertThat(events(new Script().up(head).down(fin).up("data" + next)))
        .endsWith(
            "request #0 ends " + len(head, "data"),
            "request #1 GET /g head "
                + len(head, "data")
                + ".."
                + len(head, "data", next)
                + " NONE",
            "request #1 ends " + len(head, "data", next));
  }

  @Test
  void aResponseWithoutLengthEndsAtTheClose() {
    String req = "GET /old HTTP/1.0\r\n\r\n";
    String head = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n";
    List<String> e =
        events(new Script().up(req).down(head).down("all of it\r\n\r\nHTTP/1.1 junk").downEof());
    int total = len(head, "all of it\r\n\r\nHTTP/1.1 junk");
    assertThat(e)
        .containsExactly(
            "request #0 GET /old head 0.." + len(req) + " NONE",
            "request #0 ends " + len(req),
            "response 200 to #0 head 0.." + len(head) + " UNTIL_EOF",
            "response 200 ends " + total,
            "eof downstream at " + total);
    assertThat(play(new Script().up(req), (k, n) -> new int[0]).requests.get(0).keepAlive())
        .isFalse();
    // a transfer coding that is not chunked also runs until the close
    assertThat(
            events(
                new Script()
                    .up("GET / HTTP/1.1\r\n\r\n")
                    .down("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzzz")
                    .downEof()))
        .contains("response 200 ends 47");
  }

  @Test
  void switchingProtocolsPassesTheRestThrough() {
    String req = "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
    String sw =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
    String frames = "\u0081\u0085\u0000\u0016\u00ff\r\n\r\nPRI * HTTP/2.0";
    List<String> e = events(new Script().up(req).down(sw + frames).up(frames).upEof().downEof());
    assertThat(e)
        .containsExactly(
            "request #0 GET /ws head 0.." + len(req) + " NONE",
            "request #0 ends " + len(req),
            "response 101 to #0 head 0.." + len(sw) + " NONE",
            "response 101 ends " + len(sw),
            "passthrough downstream at " + len(sw) + ": 101 Switching Protocols to websocket",
            "passthrough upstream at " + len(req) + ": 101 Switching Protocols to websocket");
  }

  @Test
  void bytesSentBeforeAnUpgradeIsAnsweredAreReadWhenItIsRefused() {
    String req = "GET /a HTTP/1.1\r\nUpgrade: h2c\r\n\r\n";
    String next = "GET /b HTTP/1.1\r\n\r\n";
    String ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    assertThat(events(new Script().up(req + next).down(ok + ok)))
        .containsExactly(
            "request #0 GET /a head 0.." + len(req) + " NONE",
            "request #0 ends " + len(req),
            "response 200 to #0 head 0.." + len(ok) + " LENGTH 0",
            "request #1 GET /b head " + len(req) + ".." + len(req, next) + " NONE",
            "request #1 ends " + len(req, next),
            "response 200 ends " + len(ok),
            "response 200 to #1 head " + len(ok) + ".." + len(ok, ok) + " LENGTH 0",
            "response 200 ends " + len(ok, ok));
  }

  @Test
  void aSuccessfulConnectOpensATunnel() {
    String req = "CONNECT db:5432 HTTP/1.1\r\nHost: db:5432\r\n\r\n";
    String ok = "HTTP/1.1 200 Connection established\r\n\r\n";
    String tls = "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000";
    assertThat(events(new Script().up(req + tls).down(ok + tls).up(tls)))
        .containsExactly(
            "request #0 CONNECT db:5432 head 0.." + len(req) + " NONE",
            "request #0 ends " + len(req),
            "response 200 to #0 head 0.." + len(ok) + " NONE",
            "response 200 ends " + len(ok),
            "passthrough downstream at " + len(ok) + ": a tunnel opened by CONNECT db:5432",
            "passthrough upstream at " + len(req) + ": a tunnel opened by CONNECT db:5432");
    // refused: HTTP goes on
    String no = "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n";
    assertThat(events(new Script().up(req).down(no).up("GET / HTTP/1.1\r\n\r\n")))
        .contains("request #1 GET / head " + len(req) + ".." + (len(req) + 18) + " NONE");
  }

  @Test
  void anAnswerBeforeAnyRequestPairsWithNone() {
    assertThat(
            events(new Script().down("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n")))
        .containsExactly("response 408 to none head 0..51 UNTIL_EOF");
  }

  @Test
  void emptyLinesBeforeARequestAreSkipped() {
    assertThat(events(new Script().up("\r\n\r\nGET / HTTP/1.1\r\n\r\n")))
        .containsExactly("request #0 GET / head 4..22 NONE", "request #0 ends 22");
  }

  @Test
  void aFlowCanAskWhereTheCurrentMessageEnds() {
    Recorder r = new Recorder();
    HttpTracker t = new HttpTracker(r);
    byte[] head =
        "POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(t.requests().headEnd()).isEqualTo(-1);
    t.requests().feed(head, 0, 10);
    assertThat(t.requests().current()).isNull();
    assertThat(t.requests().headEnd()).isEqualTo(-1);
    t.requests().feed(head, 10, head.length);
    assertThat(t.requests().current()).isSameAs(r.requests.get(0));
    assertThat(t.requests().headEnd()).isEqualTo(head.length);
    assertThat(t.requests().bodyEnd()).isEqualTo(head.length + 10);
    t.requests().feed(new byte[10], 0, 10);
    assertThat(t.requests().current()).isNull();
    assertThat(t.requests().position()).isEqualTo(head.length + 10);
    assertThat(t.requests().tracking()).isTrue();
    byte[] chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    t.responses().feed(chunked, 0, chunked.length);
    assertThat(t.responses().headEnd()).isEqualTo(chunked.length);
    assertThat(t.responses().bodyEnd()).as("not known until the last chunk").isEqualTo(-1);
  }

  @Test
  void aStreamEndingInsideAMessageSaysSo() {
    assertThat(events(new Script().up("GET / HT").upEof()))
        .containsExactly("eof upstream at 8 mid-message");
    assertThat(events(new Script().up("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab").upEof()))
        .endsWith("eof upstream at 40 mid-message");
  }
}
