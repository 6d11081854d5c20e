package dev.chaosproxy.internal.api.http;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API's HTTP server on its own, with a handler that echoes the request: framing, limits,
 * deadlines and the connection cap. Answers that must come at once are checked to come well before
 * the header deadline (2 s), so that no timeout can pass for them.
 */
class ServerTest {
  private static final Duration AT_ONCE = Duration.ofMillis(1_500);
  private final List<Socket> sockets = new ArrayList<>();
  private Server server;

  private InetSocketAddress start(Limits limits) throws IOException {
    ServerSocketChannel ch =
        ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 512);
    server =
        Server.start(
            ch,
            r ->
                new Response(
                    200,
                    "text/plain",
                    (r.method()
                            + " "
                            + r.target()
                            + " "
                            + new String(r.body(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)),
            limits,
            4);
    return server.address();
  }

  private Socket open(InetSocketAddress a) throws IOException {
    Socket s = RawHttp.open(a);
    sockets.add(s);
    return s;
  }

  @AfterEach
  void close() throws IOException {
    for (Socket s : sockets) s.close();
    if (server != null) server.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
      a bare CRLF                     | \\r\\n                                                                       | 400 | empty request line
      a TLS ClientHello               | \\u0016\\u0003\\u0001\\u0002\\u0000\\u0001\\u0000\\u01fc\\u0003\\u0003           | 400 | TLS handshake
      junk                            | {"name":"x"}\\r\\n                                                           | 400 | not an HTTP request
      a request line without version  | GET /version\\r\\n\\r\\n                                                     | 400 | malformed request line
      HTTP/2 prior knowledge          | PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n                                     | 505 | HTTP/2.0 is not supported
      a header without a colon        | GET / HTTP/1.1\\r\\nHost: a\\r\\nno colon here\\r\\n\\r\\n                     | 400 | without a colon
      a space before the colon        | GET / HTTP/1.1\\r\\nHost : a\\r\\n\\r\\n                                     | 400 | no space may stand before the colon
      a folded header                 | GET / HTTP/1.1\\r\\nHost: a\\r\\nX-A: 1\\r\\n  2\\r\\n\\r\\n                   | 400 | obs-fold
      no Host in HTTP/1.1             | GET / HTTP/1.1\\r\\n\\r\\n                                                   | 400 | needs a Host header
      two Hosts                       | GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n                          | 400 | more than one Host
      Content-Length and chunked      | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400 | both Content-Length and Transfer-Encoding
      Transfer-Encoding gzip          | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n        | 400 | Transfer-Encoding 'gzip' is not supported
      conflicting Content-Lengths     | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 3\\r\\nContent-Length: 4\\r\\n\\r\\nabcd | 400 | conflicting Content-Length
      a malformed Content-Length      | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 3x\\r\\n\\r\\n            | 400 | malformed Content-Length
      a malformed chunk size          | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n | 400 | is not a chunk size
      a chunk without its CRLF        | POST / HTTP/1.1\\r\\nHost: a\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\nabX | 400 | must end with CRLF
      an unknown expectation          | POST / HTTP/1.1\\r\\nHost: a\\r\\nExpect: 200-ok\\r\\nContent-Length: 1\\r\\n\\r\\n | 417 | only 100-continue
      a body over the limit           | POST / HTTP/1.1\\r\\nHost: a\\r\\nContent-Length: 2000000\\r\\n\\r\\n        | 413 | at most 1048576 bytes
      """)
  void aRequestItCannotTakeIsAnsweredAtOnceWithAJsonError(
      String what, String request, int status, String message) throws IOException {
    InetSocketAddress a = start(Limits.DEFAULT);
    RawHttp.Answer answer = RawHttp.send(a, unescape(request));
    assertThat(answer.status()).as(what).isEqualTo(status);
    assertThat(answer.json()).as(answer.toString()).isTrue();
    assertThat(answer.body()).contains(message);
    assertThat(answer.head()).containsIgnoringCase("Connection: close");
    assertThat(answer.took()).as(what).isLessThan(AT_ONCE);
  }

  @Test
  void headerLinesOverTheLimitAre431AndARequestLineOverItIs414() throws IOException {
    InetSocketAddress a = start(Limits.DEFAULT);
    RawHttp.Answer header =
        RawHttp.send(a, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n");
    assertThat(header.status()).isEqualTo(431);
    assertThat(header.body()).contains("over 16384 bytes");
    RawHttp.Answer many =
        RawHttp.send(a, "GET / HTTP/1.1\r\nHost: a\r\n" + "X-A: 1\r\n".repeat(101) + "\r\n");
    assertThat(many.status()).isEqualTo(431);
    RawHttp.Answer line =
        RawHttp.send(a, "GET /" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(line.status()).isEqualTo(414);
    assertThat(List.of(header, many, line)).allMatch(RawHttp.Answer::json);
  }

  @Test
  void aRequestWhoseHeadersStallGets408AfterTheHeaderDeadline() throws IOException {
    InetSocketAddress a =
        start(
            Limits.DEFAULT.withTimeouts(
                Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(30)));
    Socket s = open(a);
    long start = System.nanoTime();
    s.getOutputStream().write("GET /version HTTP/1.1\r\nHo".getBytes(StandardCharsets.ISO_8859_1));
    RawHttp.Answer answer = RawHttp.read(s.getInputStream(), start);
    assertThat(answer.status()).isEqualTo(408);
    assertThat(answer.body()).contains("the request headers did not arrive within 300 ms");
    assertThat(answer.took()).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    assertThat(RawHttp.closedBy(s, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aBodyThatStallsGets408AfterTheBodyDeadline() throws IOException {
    InetSocketAddress a =
        start(
            Limits.DEFAULT.withTimeouts(
                Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(30)));
    Socket s = open(a);
    long start = System.nanoTime();
    s.getOutputStream()
        .write(
            "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"
                .getBytes(StandardCharsets.ISO_8859_1));
    RawHttp.Answer answer = RawHttp.read(s.getInputStream(), start);
    assertThat(answer.status()).isEqualTo(408);
    assertThat(answer.body()).contains("the request body did not arrive within 300 ms");
  }

  @Test
  void keepAlivePipeliningAndChunkedBodies() throws IOException {
    InetSocketAddress a = start(Limits.DEFAULT);
    Socket s = open(a);
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    out.write(
        ("GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /two HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n"
                + "POST /three HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nfg")
            .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(RawHttp.read(in, System.nanoTime()).body()).isEqualTo("GET /one ");
    assertThat(RawHttp.read(in, System.nanoTime()).body()).isEqualTo("POST /two abcde");
    assertThat(RawHttp.read(in, System.nanoTime()).body()).isEqualTo("POST /three fg");
    out.write(
        "GET /four HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    RawHttp.Answer last = RawHttp.read(in, System.nanoTime());
    assertThat(last.body()).isEqualTo("GET /four ");
    assertThat(last.head()).containsIgnoringCase("Connection: close");
    assertThat(RawHttp.closedBy(s, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void expectContinueGets100BeforeTheBodyIsSent() throws IOException {
    InetSocketAddress a = start(Limits.DEFAULT);
    Socket s = open(a);
    s.getOutputStream()
        .write(
            "POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
    byte[] interim = s.getInputStream().readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
    assertThat(new String(interim, StandardCharsets.ISO_8859_1))
        .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    s.getOutputStream().write("body".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(RawHttp.read(s.getInputStream(), System.nanoTime()).body())
        .isEqualTo("POST /x body");
  }

  @Test
  void http10ClosesAfterTheAnswerAndAbsoluteFormTargetsArePaths() throws IOException {
    InetSocketAddress a = start(Limits.DEFAULT);
    Socket s = open(a);
    s.getOutputStream()
        .write("GET http://a:1/p?q=1 HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(RawHttp.read(s.getInputStream(), System.nanoTime()).body()).isEqualTo("GET /p?q=1 ");
    assertThat(RawHttp.closedBy(s, Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void halfSentRequestsHoldNoThreadAndDelayNoOtherRequest() throws IOException {
    InetSocketAddress a = start(Limits.DEFAULT);
    for (int i = 0; i < 300; i++) {
      Socket s = open(a);
      s.getOutputStream()
          .write(
              (i % 2 == 0 ? "G" : "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nab")
                  .getBytes(StandardCharsets.ISO_8859_1));
    }
    for (int i = 0; i < 20; i++) {
      RawHttp.Answer answer = RawHttp.send(a, "GET /version HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.took()).as("call " + i).isLessThan(AT_ONCE);
    }
  }

  @Test
  void pastTheConnectionCapTheOldestIdleConnectionIsClosed() throws IOException {
    InetSocketAddress a = start(Limits.DEFAULT.withMaxConnections(20));
    List<Socket> idle = new ArrayList<>();
    for (int i = 0; i < 20; i++) idle.add(open(a));
    await("20 connections open").until(() -> server.connections() == 20);
    for (int i = 0; i < 5; i++) {
      RawHttp.Answer answer = RawHttp.send(a, "GET /version HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(answer.status()).isEqualTo(200);
    }
    assertThat(RawHttp.closedBy(idle.get(0), Duration.ofSeconds(5)))
        .as("the oldest idle connection")
        .isTrue();
    assertThat(RawHttp.closedBy(idle.get(19), Duration.ofMillis(200)))
        .as("the newest idle connection")
        .isFalse();
    assertThat(server.connections()).isLessThanOrEqualTo(20);
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
    InetSocketAddress a =
        start(
            Limits.DEFAULT.withTimeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(200)));
    Socket s = open(a);
    assertThat(RawHttp.closedBy(s, Duration.ofSeconds(5))).isTrue();
    await("no connection left").until(() -> server.connections() == 0);
  }

  @Test
  void aConnectionThatArrivesBeforeTheServerStartsIsAnsweredOnceItIs() throws IOException {
    ServerSocketChannel ch =
        ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 512);
    InetSocketAddress a = (InetSocketAddress) ch.getLocalAddress();
    Socket early = open(a); // waits in the backlog: nothing accepts yet
    long start = System.nanoTime();
    early
        .getOutputStream()
        .write("GET /version HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    server =
        Server.start(
            ch,
            r -> new Response(200, "text/plain", "up".getBytes(StandardCharsets.UTF_8)),
            Limits.DEFAULT,
            2);
    RawHttp.Answer answer = RawHttp.read(early.getInputStream(), start);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("up");
  }

  @Test
  void closingEndsItsThreadsAndConnections() throws IOException {
    InetSocketAddress a = start(Limits.DEFAULT);
    Socket s = open(a);
    assertThat(RawHttp.send(a, "GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(200);
    server.close();
    server = null;
    assertThat(RawHttp.closedBy(s, Duration.ofSeconds(5))).isTrue();
    await("no API thread left")
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("chaos-proxy-api-")));
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case 'r' -> sb.append('\r');
          case 'n' -> sb.append('\n');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> sb.append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
