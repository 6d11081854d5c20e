package dev.chaosproxy.http;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP faults on the wire, with a hand-written upstream that records every byte it gets and answers
 * each request with its path: pipelining, 100-continue, HEAD, upgrades, raw passthrough.
 */
class HttpWireTest {
  private final ChaosEngine engine = ChaosEngine.builder().seed(3).build();
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
  private final TestServer upstream = TestServer.start(this::serve);
  private final ProxyControl api =
      engine.newProxy("api").http().upstream("127.0.0.1:" + upstream.port()).start();

  @AfterEach
  void close() {
    engine.close();
    upstream.close();
  }

  /** Reads requests (head, Content-Length body) and answers each with its path, in order. */
  private void serve(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    while (true) {
      String head = readHead(in);
      if (head == null) return;
      head = head.replaceFirst("^(\r\n)+", ""); // empty lines before a request are allowed
      String[] first = head.substring(0, head.indexOf("\r\n")).split(" ");
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      byte[] body = in.readNBytes(length);
      record(body);
      if (head.toLowerCase().contains("upgrade: echo")) {
        out.write(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] buf = new byte[1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          record(Arrays.copyOf(buf, n));
          out.write(buf, 0, n);
          out.flush();
        }
        return;
      }
      if (first[1].startsWith("/slow")) {
        try {
          TimeUnit.MILLISECONDS.sleep(300); // a slow handler: the answers after it must wait
        } catch (InterruptedException e) {
          return;
        }
      }
      String answer = "path " + first[1];
      String response =
          "HTTP/1.1 200 OK\r\nContent-Length: "
              + answer.length()
              + "\r\n\r\n"
              + (first[0].equals("HEAD") ? "" : answer);
      out.write(response.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }

  private synchronized void record(byte[] b) {
    seen.writeBytes(b);
  }

  private synchronized String seen() {
    return seen.toString(StandardCharsets.ISO_8859_1);
  }

  private String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) return null;
      head.write(b);
      state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
    }
    record(head.toByteArray());
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(api.host(), api.port());
    s.setSoTimeout(5000);
    s.setTcpNoDelay(true);
    return s;
  }

  private static String readAll(Socket s) throws IOException {
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  /** Reads until {@code count} answers of this upstream or the proxy have come. */
  private static String readAnswers(Socket s, int count) throws IOException {
    StringBuilder got = new StringBuilder();
    InputStream in = s.getInputStream();
    while (countOf(got.toString(), "HTTP/1.1 ") < count || !complete(got.toString())) {
      int b = in.read();
      if (b < 0) break;
      got.append((char) b);
    }
    return got.toString();
  }

  private static boolean complete(String text) {
    int last = text.lastIndexOf("HTTP/1.1 ");
    String tail = text.substring(last);
    int end = tail.indexOf("\r\n\r\n");
    if (end < 0) return false;
    int cl = tail.toLowerCase().indexOf("content-length: ");
    if (cl < 0 || tail.startsWith("HTTP/1.1 101")) return true;
    int n = Integer.parseInt(tail.substring(cl + 16, tail.indexOf("\r\n", cl)).trim());
    return tail.length() - end - 4 >= n || tail.toLowerCase().contains("head-request");
  }

  private static int countOf(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
    return n;
  }

  @Test
  void bytesPassUnchangedWhenNoFaultMatches() throws Exception {
    api.http().on("/nowhere").respond(503);
    String requests =
        "\r\nGET /a?x=1 HTTP/1.1\r\nhost: x\r\nX-Odd:    spaced   \r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: x\r\ncontent-length: 5\r\n\r\nhello";
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      for (byte b : requests.getBytes(StandardCharsets.ISO_8859_1)) { // one byte per write
        out.write(b);
        out.flush();
      }
      String answers = readAnswers(s, 2);
      assertThat(answers)
          .isEqualTo(
              "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\npath /a?x=1"
                  + "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\npath /b");
    }
    // the leading empty line is dropped by the upstream's reader, which is not the proxy's doing
    await("upstream saw both").until(() -> seen().endsWith("hello"));
    assertThat(seen()).isEqualTo(requests);
    assertThat(api.metrics().bytesUpstream()).isEqualTo(api.metrics().receivedUpstream());
  }

  @Test
  void aLocalAnswerWaitsForTheAnswersBeforeIt() throws Exception {
    api.http().on("/b").respond(503, "no b");
    try (Socket s = connect()) {
      s.getOutputStream()
          .write(
              ("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n"
                      + "GET /c HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String answers = readAnswers(s, 3);
      assertThat(answers).startsWith("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\npath /slow");
      assertThat(answers).contains("HTTP/1.1 503 Service Unavailable\r\n");
      assertThat(answers.indexOf("no b")).isLessThan(answers.indexOf("path /c"));
      assertThat(answers).endsWith("path /c");
    }
    assertThat(seen()).contains("GET /slow").contains("GET /c").doesNotContain("GET /b");
  }

  @Test
  void aHeadRightAfterABodyThatPassedStraightThroughIsStillHeld() throws Exception {
    api.http().on("/b").respond(503, "no b");
    String body = "z".repeat(300_000);
    try (Socket s = connect()) {
      s.getOutputStream()
          .write(
              ("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body
                      + "GET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String answers = readAnswers(s, 3);
      assertThat(answers).startsWith("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\npath /a");
      assertThat(answers).contains("no b").endsWith("path /c");
    }
    await("the upstream got /c").until(() -> seen().contains("GET /c"));
    assertThat(seen()).contains(body).doesNotContain("GET /b");
  }

  @Test
  void aClientThatPipelinesWithoutReadingIsSlowedNotBuffered() throws Exception {
    api.http().any().respond(204);
    int count = 300_000; // more answers than the sockets' buffers hold
    byte[] one = "GET /x HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    try (Socket s = connect()) {
      java.util.concurrent.CompletableFuture<Void> writer =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                try {
                  OutputStream out = s.getOutputStream();
                  for (int i = 0; i < count; i++) out.write(one);
                  out.flush();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      // nobody reads yet: the proxy stops reading requests once its answers pile up
      java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(-1);
      await("the proxy stopped reading")
          .pollInterval(java.time.Duration.ofMillis(50))
          .until(
              () -> {
                long now = api.metrics().receivedUpstream();
                return now > 0 && last.getAndSet(now) == now; // unchanged over one poll
              });
      assertThat(api.metrics().receivedUpstream()).isLessThan((long) count * one.length);
      String answer = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n";
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      byte[] b = new byte[65536];
      try {
        while (got.size() < count * answer.length()) {
          int n = s.getInputStream().read(b);
          if (n < 0) break;
          got.write(b, 0, n);
        }
      } catch (IOException e) {
        throw new AssertionError(
            "got "
                + got.size()
                + " of "
                + count * answer.length()
                + " "
                + api.metrics()
                + " "
                + api.connections()
                + " writer done "
                + writer.isDone(),
            e);
      }
      byte[] all = got.toByteArray();
      writer.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(new String(all, StandardCharsets.ISO_8859_1)).isEqualTo(answer.repeat(count));
    }
  }

  @Test
  void aLocalAnswerToExpectContinueClosesTheConnection() throws Exception {
    api.http().on("POST", "/upload").respond(413);
    try (Socket s = connect()) {
      s.getOutputStream()
          .write(
              "POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1));
      String answer = readAll(s); // ends: the proxy closed it
      assertThat(answer).startsWith("HTTP/1.1 413 Content Too Large\r\n");
      assertThat(answer).contains("Connection: close\r\n");
    }
  }

  @Test
  void aLocalAnswerToHeadHasNoBodyAndTheConnectionGoesOn() throws Exception {
    api.http().on("HEAD", "/b").respond(404, "not here");
    try (Socket s = connect()) {
      s.getOutputStream()
          .write(
              ("HEAD /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String answers = readAnswers(s, 2);
      assertThat(answers)
          .startsWith(
              "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n"
                  + "Content-Length: 8\r\n\r\nHTTP/1.1 200 OK");
      assertThat(answers).endsWith("path /c");
    }
  }

  @Test
  void connectionCloseIsHonouredByALocalAnswer() throws Exception {
    api.http().on("/b").respond(503);
    try (Socket s = connect()) {
      s.getOutputStream()
          .write(
              "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readAll(s))
          .isEqualTo(
              "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }
  }

  @Test
  void aFaultAddedOnALiveConnectionActsFromTheNextRequest() throws Exception {
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      out.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readAnswers(s, 1)).endsWith("path /a");
      api.http().on("/a").respond(500);
      out.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readAnswers(s, 1)).startsWith("HTTP/1.1 500 ");
      api.clear();
      out.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readAnswers(s, 1)).endsWith("path /a");
    }
  }

  @Test
  void oneConnectionsOwnHttpFaultLeavesTheOthersAlone() throws Exception {
    try (Socket a = connect();
        Socket b = connect()) {
      a.getOutputStream()
          .write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readAnswers(a, 1)).endsWith("path /a");
      String id =
          api.awaitConnections(2, java.time.Duration.ofSeconds(5)).stream()
              .filter(c -> c.client().getPort() == a.getLocalPort())
              .findFirst()
              .orElseThrow()
              .id();
      api.connection(id).http().on("/a").respond(418);
      a.getOutputStream()
          .write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readAnswers(a, 1)).startsWith("HTTP/1.1 418 I'm a teapot\r\n");
      b.getOutputStream()
          .write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readAnswers(b, 1)).endsWith("path /a");
    }
  }

  @Test
  void aDeclinedUpgradeIsAnOrdinaryRequestAndSoAreTheNext() throws Exception {
    // the JDK HttpClient's default: Upgrade: h2c on the first request of each connection
    api.http().on("/b").respond(503, "no b");
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /a HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readAnswers(s, 1)).endsWith("path /a");
      out.write("GET /b HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readAnswers(s, 1)).endsWith("no b");
      out.write(
          "GET /b HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      String two = readAnswers(s, 2);
      assertThat(two).contains("no b").endsWith("path /c");
    }
  }

  @Test
  void anUpgradedConnectionPassesThroughUntouched() throws Exception {
    api.http().any().addHeader("X-Added", "1");
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      String head = readAnswers(s, 1);
      assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
      out.write("GET /not-http HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      byte[] echo = s.getInputStream().readNBytes(26);
      assertThat(new String(echo, StandardCharsets.ISO_8859_1))
          .isEqualTo("GET /not-http HTTP/1.1\r\n\r\n");
    }
  }

  @Test
  void whatIsNotHttpPassesAsRawTcpAndIsCounted() throws Exception {
    api.http().any().respond(503);
    byte[] tls = {0x16, 0x03, 0x01, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o'};
    try (Socket s = connect()) {
      s.getOutputStream().write(tls);
      s.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      await("the upstream got the bytes").until(() -> seen().length() >= 14);
    }
    assertThat(seen().getBytes(StandardCharsets.ISO_8859_1)).startsWith(tls);
    await("counted").until(() -> api.metrics().http().rawConnections() == 1);
    assertThat(api.events()).isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", // HTTP/2 with prior knowledge
        "HELLO\r\nHost: x\r\n\r\n", // not a request line
        "GET /a HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
      })
  void unreadableRequestsPassUnchangedAndAreCounted(String request) throws Exception {
    api.http().any().respond(503);
    try (Socket s = connect()) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      await("the upstream got every byte").until(() -> seen().length() >= request.length());
    }
    assertThat(seen()).isEqualTo(request);
    await("counted").until(() -> api.metrics().http().rawConnections() == 1);
    assertThat(api.events()).isEmpty();
  }

  @Test
  void anOversizedHeadPassesAsRawTcp() throws Exception {
    api.http().any().respond(503);
    String big = "GET /big HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(70 * 1024) + "\r\n\r\n";
    try (Socket s = connect()) {
      s.getOutputStream().write(big.getBytes(StandardCharsets.ISO_8859_1));
      assertThat(readAnswers(s, 1)).endsWith("path /big");
    }
    assertThat(seen()).isEqualTo(big);
    assertThat(api.metrics().http().rawConnections()).isEqualTo(1);
  }
}
