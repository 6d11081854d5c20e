package dev.chaosproxy;

import static dev.chaosproxy.Direction.DOWNSTREAM;
import static dev.chaosproxy.testing.Polls.await;
import static java.time.Duration.ZERO;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Triggers on real traffic: which connections, where in the stream, when; and the timeline. */
class TriggerTest {
  private final ChaosEngine engine = ChaosEngine.builder().seed(7).build();
  private final TestServer echo = TestServer.echo();

  @AfterEach
  void close() {
    engine.close();
    echo.close();
  }

  private ProxyControl proxy(String upstream) {
    return engine.newProxy("db").upstream(upstream).start();
  }

  /** One request and its echo on a new connection: {@code data} when it came back. */
  private static String exchange(ProxyControl proxy) throws Exception {
    Socket s;
    try {
      s = Sockets.connect(proxy);
    } catch (java.net.SocketException e) {
      return "reset";
    }
    try (s) {
      return outcome(s);
    }
  }

  /** Writes a byte on a connected socket and reads: how that ended. */
  private static String outcome(Socket s) throws java.io.IOException {
    try {
      s.getOutputStream().write('x');
    } catch (java.io.IOException e) {
      return "reset";
    }
    return Sockets.readOutcome(s.getInputStream());
  }

  @Test
  void theFirstTwoConnectionsAreRefusedAndTheThirdPasses() throws Exception {
    ProxyControl db = proxy(echo.address());
    db.firstConnections(2).refuse();
    assertThat(exchange(db)).isEqualTo("reset");
    assertThat(exchange(db)).isEqualTo("reset");
    assertThat(exchange(db)).isEqualTo("data");
    assertThat(exchange(db)).isEqualTo("data");
    assertThat(db.events())
        .extracting(ChaosEvent::connectionNumber, ChaosEvent::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, ToxicType.SESSION_LIMIT),
            org.assertj.core.groups.Tuple.tuple(2L, ToxicType.SESSION_LIMIT));
    assertThat(echo.acceptedCount())
        .as("refused connections never reach the upstream")
        .isEqualTo(2);
  }

  @Test
  void connectionsAreCountedFromWhenTheToxicWasAdded() throws Exception {
    ProxyControl db = proxy(echo.address());
    assertThat(exchange(db)).isEqualTo("data");
    db.when(Trigger.connections(2, 3)).refuse();
    assertThat(exchange(db)).as("number 1 since the toxic").isEqualTo("data");
    assertThat(exchange(db)).isEqualTo("reset");
    assertThat(exchange(db)).isEqualTo("reset");
    assertThat(exchange(db)).isEqualTo("data");
    assertThat(db.events()).extracting(ChaosEvent::connectionNumber).containsExactly(3L, 4L);
  }

  @Test
  void everyNthAndOnceChooseConnections() throws Exception {
    ProxyControl db = proxy(echo.address());
    db.when(Trigger.everyNthConnection(2)).refuse();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) seen.add(exchange(db));
    assertThat(seen).containsExactly("data", "reset", "data", "reset");
    db.reset();
    // once is taken by the first connection it acts on, an open one too: let the last one end
    await("the last connection closed").until(() -> db.connections().isEmpty());
    db.when(Trigger.once()).refuse();
    seen.clear();
    for (int i = 0; i < 3; i++) seen.add(exchange(db));
    assertThat(seen).containsExactly("reset", "data", "data");
  }

  @Test
  void clientAddressAndPortChooseConnections() throws Exception {
    ProxyControl db = proxy(echo.address());
    db.when(Trigger.fromClient("10.0.0.0/8")).refuse();
    assertThat(exchange(db)).as("not from 10/8").isEqualTo("data");
    db.reset();
    db.when(Trigger.fromClient("127.0.0.0/8")).refuse();
    assertThat(exchange(db)).isEqualTo("reset");
    db.reset();
    try (Socket probe = new Socket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = probe.getLocalPort();
      db.when(Trigger.clientPorts(port, port)).refuse();
      probe.connect(new InetSocketAddress(db.host(), db.port()));
      assertThat(outcome(probe)).isEqualTo("reset");
    }
    assertThat(exchange(db)).as("another port").isEqualTo("data");
  }

  /** A server that sends {@code body} in writes of random sizes, pausing between them. */
  private static TestServer sender(byte[] body) {
    return TestServer.start(
        s -> {
          s.setTcpNoDelay(true);
          OutputStream out = s.getOutputStream();
          Random r = new Random(1);
          for (int i = 0; i < body.length; ) {
            int n = Math.min(body.length - i, 1 + r.nextInt(1500));
            out.write(body, i, n);
            out.flush();
            i += n;
            Thread.sleep(1); // writes apart, so the proxy reads them apart (not a synchronization)
          }
          s.getInputStream().readAllBytes();
        });
  }

  private static byte[] body(int n) {
    byte[] b = new byte[n];
    new Random(2).nextBytes(b);
    return b;
  }

  @Test
  void anOffsetIsByteExactAcrossReads() throws Exception {
    byte[] body = body(20_000);
    try (TestServer server = sender(body)) {
      ProxyControl db = proxy(server.address());
      db.downstream().after(DataSize.ofBytes(4096)).limitData(DataSize.ofBytes(0));
      try (Socket client = Sockets.connect(db)) {
        Sockets.ReadResult got = Sockets.readToEnd(client.getInputStream());
        assertThat(got.end()).isEqualTo("eof");
        assertThat(got.bytes()).isEqualTo(Arrays.copyOf(body, 4096));
      }
      assertThat(db.events())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.offset()).isEqualTo(4096);
                assertThat(e.direction()).isEqualTo(DOWNSTREAM);
              });
    }
  }

  @Test
  void aResetAtAnOffsetLetsNoByteAfterItThrough() throws Exception {
    byte[] body = body(20_000);
    try (TestServer server = sender(body)) {
      ProxyControl db = proxy(server.address());
      db.downstream().after(DataSize.ofBytes(4096)).resetPeer(ZERO);
      try (Socket client = Sockets.connect(db)) {
        Sockets.ReadResult got = Sockets.readToEnd(client.getInputStream());
        assertThat(got.end()).isEqualTo("reset");
        assertThat(got.bytes().length).isLessThanOrEqualTo(4096);
        assertThat(got.bytes()).isEqualTo(Arrays.copyOf(body, got.bytes().length));
      }
    }
  }

  @Test
  void aPatternSplitAcrossReadsFiresRightAfterIt() throws Exception {
    CompletableFuture<byte[]> serverGot = new CompletableFuture<>();
    try (TestServer server =
        TestServer.start(s -> serverGot.complete(s.getInputStream().readAllBytes()))) {
      ProxyControl db = proxy(server.address());
      db.upstream().whenSeen("COMMIT").limitData(DataSize.ofBytes(0));
      try (Socket client = Sockets.connect(db)) {
        OutputStream out = client.getOutputStream();
        out.write("BEGIN; UPDATE t; COM".getBytes(StandardCharsets.US_ASCII));
        await("the first part through").until(() -> db.metrics().bytesUpstream() == 20);
        out.write("MIT; SELECT 1;".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(serverGot.get(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII))
            .isEqualTo("BEGIN; UPDATE t; COMMIT");
      }
      assertThat(db.events()).singleElement().extracting(ChaosEvent::offset).isEqualTo(23L);
    }
  }

  @Test
  void aRegexFiresAfterItsMatch() throws Exception {
    CompletableFuture<byte[]> serverGot = new CompletableFuture<>();
    try (TestServer server =
        TestServer.start(s -> serverGot.complete(s.getInputStream().readAllBytes()))) {
      ProxyControl db = proxy(server.address());
      db.upstream().when(Trigger.matches("(COMMIT|ROLLBACK);")).limitData(DataSize.ofBytes(0));
      try (Socket client = Sockets.connect(db)) {
        client
            .getOutputStream()
            .write("BEGIN; ROLLBACK; BEGIN;".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(serverGot.get(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII))
            .isEqualTo("BEGIN; ROLLBACK;");
      }
    }
  }

  @Test
  void aTriggerAndToxicityComposeAndTheSeedReplaysThem() throws Exception {
    List<Long> first = refusedWithSeed(11);
    assertThat(refusedWithSeed(11)).isEqualTo(first);
    assertThat(first).isNotEmpty().allMatch(n -> n <= 6);
    assertThat(first.size()).isLessThan(6);
  }

  private List<Long> refusedWithSeed(long seed) throws Exception {
    try (ChaosEngine e = ChaosEngine.builder().seed(seed).build()) {
      ProxyControl p = e.newProxy("svc").upstream(echo.address()).start();
      p.firstConnections(6).toxicity(0.5).refuse();
      for (int i = 0; i < 10; i++) exchange(p);
      return p.events().stream().map(ChaosEvent::connectionNumber).toList();
    }
  }

  @Test
  void aTriggerShowsInTheToxicAndOnItsConnectionOnlyOnceFired() throws Exception {
    ProxyControl db = proxy(echo.address());
    db.upstream().whenSeen("go").delay(ofMillis(1));
    assertThat(db.toxics())
        .singleElement()
        .satisfies(t -> assertThat(t.trigger()).isEqualTo(Trigger.seen("go")));
    try (Socket client = Sockets.connect(db)) {
      client.getOutputStream().write('x');
      assertThat(client.getInputStream().read()).isEqualTo('x');
      assertThat(db.connections().get(0).toxics()).as("not fired yet").isEmpty();
      client.getOutputStream().write("go".getBytes(StandardCharsets.US_ASCII));
      client.getInputStream().readNBytes(2);
      assertThat(db.connections().get(0).toxics()).containsExactly("latency_upstream");
      assertThat(db.connection(db.connections().get(0).id()).events())
          .singleElement()
          .satisfies(e -> assertThat(e.offset()).isEqualTo(3));
    }
  }

  @Test
  void typesThatActOnTheWholeConnectionRefuseAStreamTrigger() {
    ProxyControl db = proxy(echo.address());
    assertThatThrownBy(() -> db.after(DataSize.ofBytes(1)).sessionLimit(ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session_limit acts on the whole connection");
    assertThatThrownBy(() -> db.when(Trigger.after(ofSeconds(1))).slowConnect(ofSeconds(1)))
        .hasMessageContaining("slow_connect")
        .hasMessageContaining("after_ms");
  }

  @Test
  void aConnectionsOwnToxicCannotChooseConnections() throws Exception {
    ProxyControl db = proxy(echo.address());
    try (Socket client = Sockets.connect(db)) {
      ConnectionControl c = db.connection(db.awaitConnections(1, ofSeconds(5)).get(0).id());
      assertThatThrownBy(() -> c.firstConnections(1).refuse())
          .hasMessageContaining("cannot choose connections");
      c.downstream().whenSeen("b").limitData(DataSize.ofBytes(0));
      client.getOutputStream().write("abc".getBytes(StandardCharsets.US_ASCII));
      assertThat(
              new String(
                  Sockets.readToEnd(client.getInputStream()).bytes(), StandardCharsets.US_ASCII))
          .isEqualTo("ab");
    }
  }

  @Test
  void timeTriggersOnTheFakeClock() throws Exception {
    try (FakeClock clock = new FakeClock()) {
      ProxyControl p = clock.engine.newProxy("t").upstream(echo.address()).start();
      p.downstream().when(Trigger.after(ofSeconds(1))).delay(ofMillis(300));
      p.upstream().when(Trigger.during(ofSeconds(5), ofSeconds(6))).delay(ofMillis(50));
      try (Socket client = Sockets.connect(p)) {
        assertThat(clock.roundTripMillis(p, client)).as("at 0 s").isZero();
        clock.advanceMillis(1000);
        assertThat(clock.roundTripMillis(p, client)).as("after 1 s").isEqualTo(300);
        clock.advanceMillis(4000);
        assertThat(clock.roundTripMillis(p, client)).as("in the window").isEqualTo(350);
        clock.advanceMillis(1000);
        assertThat(clock.roundTripMillis(p, client)).as("after the window").isEqualTo(300);
      }
    }
  }

  @Test
  void theTimelineIsBounded() throws Exception {
    ProxyControl db = proxy(echo.address());
    db.refuse();
    for (int i = 0; i < 3; i++) exchange(db);
    assertThat(db.events()).hasSize(3);
    assertThat(db.events()).extracting(ChaosEvent::sequence).containsExactly(1L, 2L, 3L);
    assertThat(db.events().get(0).toString()).contains("connection 1").contains("session_limit");
  }

  static byte[] readAll(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
