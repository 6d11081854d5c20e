package dev.chaosproxy.testcontainers.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ConnectionControl;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.Direction;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.ProxyMetrics;
import dev.chaosproxy.Schedule;
import dev.chaosproxy.ScheduleControl;
import dev.chaosproxy.ScheduleState;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.Trigger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProxyControl} does, written against the interface alone, so that the same tests
 * run on an in-process proxy and on a proxy in a container. Each test gets a fresh proxy in front
 * of an echo server (every byte back; a FIN after the client's) and talks to it at {@code
 * host():port()}. Timing is asserted with generous bounds, mostly from below: a fault must have its
 * effect; how fast this machine is, is for the benchmarks.
 */
abstract class ProxyControlContract {
  private static final AtomicInteger PROXIES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * Polls an assertion until it holds, for up to {@link #WAIT}; the proxy's state settles after a
   * close.
   */
  private static ConditionFactory eventually() {
    return Awaitility.await()
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }

  /** A new proxy named {@code name} to the echo server, with no chaos. */
  protected abstract ProxyControl newProxy(String name);

  /** The echo server's {@code host:port} as the proxy sees it. */
  protected abstract String echoAddress();

  /** An address where nothing listens, as the proxy sees it. */
  protected String refusingAddress() {
    return "127.0.0.1:1";
  }

  protected ProxyControl proxy;
  private final List<Client> clients = new ArrayList<>();

  @BeforeEach
  void newProxyForTheTest() {
    proxy = newProxy("contract-" + PROXIES.incrementAndGet());
  }

  @AfterEach
  void closeEverything() throws Exception {
    for (Client c : clients) c.close();
    proxy.close();
  }

  private Client connect() throws Exception {
    Client c = Client.connect(proxy);
    clients.add(c);
    return c;
  }

  /**
   * A client whose connection the proxy lists, and its id (connections are listed oldest first).
   */
  private String connectedId(Client c, int expectedLive) throws Exception {
    c.roundTripMillis();
    List<ConnectionInfo> live = proxy.awaitConnections(expectedLive, WAIT);
    return live.get(expectedLive - 1).id();
  }

  // ---- what it is ----

  @Test
  void describesItself() {
    assertThat(proxy.name()).startsWith("contract-");
    assertThat(proxy.port()).isPositive();
    assertThat(proxy.address().getPort()).isEqualTo(proxy.port());
    assertThat(proxy.host()).isNotBlank();
    assertThat(proxy.target()).isEqualTo(echoAddress());
    assertThat(proxy.enabled()).isTrue();
    assertThat(proxy.toxics()).isEmpty();
    assertThat(proxy.connections()).isEmpty();
    assertThat(proxy.seed()).isEqualTo(proxy.seed());
  }

  @Test
  void passesBytesUnchangedAndCountsThem() throws Exception {
    byte[] data = new byte[200_000];
    new Random(7).nextBytes(data);
    try (Client c = Client.connect(proxy)) {
      assertThat(Arrays.equals(c.roundTrip(data), data))
          .as("echoed bytes equal the sent ones")
          .isTrue();
      assertThat(proxy.awaitConnections(1, WAIT)).hasSize(1);
      eventually()
          .untilAsserted(
              () ->
                  assertThat(proxy.metrics().bytesDownstream())
                      .as("bytes counted downstream")
                      .isEqualTo(data.length));
    }
    eventually()
        .untilAsserted(
            () -> assertThat(proxy.connections()).as("connections after the close").isEmpty());
    ProxyMetrics m = proxy.metrics();
    assertThat(m.proxy()).isEqualTo(proxy.name());
    assertThat(m.connectionsTotal()).isEqualTo(1);
    assertThat(m.connectionsActive()).isZero();
    assertThat(m.bytesUpstream()).isEqualTo(data.length);
    assertThat(m.receivedUpstream()).isEqualTo(data.length);
    assertThat(m.bytesDownstream()).isEqualTo(data.length);
    assertThat(m.upstreamFailures()).isZero();
  }

  // ---- faults ----

  @Test
  void wholeConnectionToxicsBelongToTheViewThatAddedThem() {
    proxy.upstream().sessionLimit(Duration.ofSeconds(30));
    proxy.downstream().slowConnect(Duration.ofMillis(1));
    assertThat(proxy.upstream().toxics())
        .extracting(Toxic::name)
        .containsExactly("session_limit_upstream");
    assertThat(proxy.downstream().toxics())
        .extracting(Toxic::name)
        .containsExactly("slow_connect_downstream");
    proxy.downstream().clear();
    assertThat(proxy.toxics()).extracting(Toxic::name).containsExactly("session_limit_upstream");
    proxy.upstream().clear();
    assertThat(proxy.toxics()).isEmpty();

    proxy.sessionLimit(Duration.ofSeconds(30)).slowConnect(Duration.ofMillis(1));
    assertThat(proxy.toxics())
        .extracting(Toxic::name)
        .containsExactlyInAnyOrder("session_limit_downstream", "slow_connect_upstream");
  }

  @Test
  void delayAppliesToBothDirectionsUnlessNarrowed() throws Exception {
    Client c = connect();
    proxy.delay(Duration.ofMillis(150));
    assertThat(proxy.toxics())
        .extracting(Toxic::name)
        .containsExactlyInAnyOrder("latency_upstream", "latency_downstream");
    assertThat(c.medianRoundTripMillis())
        .as("round trip with 150 ms each way")
        .isGreaterThanOrEqualTo(295);
    proxy.upstream().clear();
    assertThat(proxy.toxics()).extracting(Toxic::name).containsExactly("latency_downstream");
    assertThat(proxy.downstream().toxics()).hasSize(1);
    assertThat(proxy.upstream().toxics()).isEmpty();
    assertThat(c.medianRoundTripMillis())
        .as("round trip with 150 ms downstream")
        .isBetween(148.0, 290.0);
    proxy.delay(Duration.ofMillis(50), Duration.ofMillis(10)); // replaces, does not add
    assertThat(proxy.toxics()).hasSize(2);
    assertThat(proxy.toxics().get(0).attributes())
        .containsEntry("latency", 50L)
        .containsEntry("jitter", 10L);
  }

  @Test
  void throttleCapsTheRate() throws Exception {
    Client c = connect();
    proxy.downstream().throttle(DataSize.ofKB(20));
    assertThat(proxy.toxics().get(0).attributes()).containsEntry("rate_bytes", 20_000L);
    long start = System.nanoTime();
    c.roundTrip(new byte[20_000]);
    assertThat((System.nanoTime() - start) / 1e6)
        .as("ms for 20 KB at 20 KB/s")
        .isGreaterThanOrEqualTo(700);
  }

  @Test
  void sliceCutsTheStreamWithPauses() throws Exception {
    Client c = connect();
    proxy.downstream().slice(DataSize.ofBytes(1), DataSize.ofBytes(0), Duration.ofMillis(10));
    long start = System.nanoTime();
    byte[] data = "thirty bytes, one at a time...".getBytes(StandardCharsets.US_ASCII);
    assertThat(c.roundTrip(data)).isEqualTo(data);
    assertThat((System.nanoTime() - start) / 1e6)
        .as("ms for 30 pieces 10 ms apart")
        .isGreaterThanOrEqualTo(200);
  }

  @Test
  void resetPeerCutsTheConnection() throws Exception {
    Client c = connect();
    c.roundTripMillis();
    proxy.downstream().resetPeer(Duration.ZERO);
    c.send("ping".getBytes(StandardCharsets.US_ASCII));
    c.assertEndsWithoutData();
  }

  @Test
  void blackholeAcceptsAndNeverAnswersUntilReset() throws Exception {
    proxy.blackhole();
    Client c = connect();
    c.send("anyone there?".getBytes(StandardCharsets.US_ASCII));
    c.assertSilentFor(Duration.ofMillis(500));
    assertThat(proxy.awaitConnections(1, WAIT)).hasSize(1);
    proxy.reset(); // the connection it held had a hole in its stream: closed
    c.assertEndsWithoutData();
    try (Client next = Client.connect(proxy)) {
      next.roundTripMillis();
    }
  }

  @Test
  void aTriggerWaitsForItsPointAndTheEventsSayWhereItFired() throws Exception {
    proxy.downstream().whenSeen("STOP").limitData(DataSize.ofBytes(0));
    assertThat(proxy.toxics())
        .singleElement()
        .satisfies(t -> assertThat(t.trigger()).isEqualTo(Trigger.seen("STOP")));
    Client c = connect();
    c.send("go on STOP here".getBytes(StandardCharsets.US_ASCII));
    assertThat(new String(c.readUntilEnd(), StandardCharsets.US_ASCII)).isEqualTo("go on STOP");
    assertThat(proxy.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.offset()).isEqualTo(10);
              assertThat(e.connectionNumber()).isEqualTo(1);
              assertThat(e.type()).isEqualTo(ToxicType.LIMIT_DATA);
            });
  }

  @Test
  void theFirstConnectionsAreRefused() throws Exception {
    proxy.firstConnections(1).refuse();
    try (Client refused = Client.connect(proxy)) {
      refused.send("x".getBytes(StandardCharsets.US_ASCII));
      refused.assertEndsWithoutData();
    } catch (java.io.IOException resetEarly) {
      // reset before the client got to send: refused all the same
    }
    try (Client next = Client.connect(proxy)) {
      next.roundTripMillis();
    }
  }

  @Test
  void limitDataPassesExactlyTheLimitThenCloses() throws Exception {
    Client c = connect();
    proxy.downstream().limitData(DataSize.ofBytes(10));
    byte[] data = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    c.send(data);
    assertThat(c.readUntilEnd()).isEqualTo(Arrays.copyOf(data, 10));
  }

  @Test
  void flipBitsChangesBytesButNotTheLength() throws Exception {
    Client c = connect();
    proxy.downstream().flipBits(1.0);
    byte[] data = new byte[1000];
    byte[] got = c.roundTrip(data);
    assertThat(got).hasSize(1000);
    assertThat(Arrays.equals(got, data)).as("a flipped bit").isFalse();
  }

  @Test
  void downRefusesNewClientsAndUpServesThemAgain() throws Exception {
    int port = proxy.port();
    Client live = connect();
    live.roundTripMillis();
    proxy.down();
    assertThat(proxy.enabled()).isFalse();
    live.assertEndsWithoutData();
    Client.assertNoService(proxy);
    proxy.up();
    assertThat(proxy.enabled()).isTrue();
    assertThat(proxy.port()).isEqualTo(port);
    connect().roundTripMillis();
  }

  @Test
  void toxicityZeroHasNoEffect() throws Exception {
    proxy.toxicity(0).blackhole();
    assertThat(proxy.toxics()).hasSize(2).allSatisfy(t -> assertThat(t.toxicity()).isZero());
    connect().roundTripMillis();
    proxy.toxicity(0.5).downstream().delay(Duration.ofMillis(10));
    assertThat(proxy.toxics())
        .filteredOn(t -> t.type() == ToxicType.LATENCY)
        .singleElement()
        .satisfies(t -> assertThat(t.toxicity()).isEqualTo(0.5));
  }

  @Test
  void toxicsAreManagedByName() {
    Toxic slow =
        Toxic.of(ToxicType.LATENCY, Direction.UPSTREAM, Map.of("latency", 100))
            .named("slow-requests");
    proxy.add(slow);
    assertThat(proxy.toxics()).containsExactly(slow);
    assertThatThrownBy(() -> proxy.add(slow))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'slow-requests' already exists");
    Toxic slower = slow.withAttributes(Map.of("latency", 300));
    proxy.put(slower);
    assertThat(proxy.toxics()).containsExactly(slower);
    proxy.remove("slow-requests");
    assertThat(proxy.toxics()).isEmpty();
    assertThatThrownBy(() -> proxy.remove("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no toxic named 'nope'");
  }

  @Test
  void slowConnectDelaysTheUpstreamConnect() throws Exception {
    proxy.slowConnect(Duration.ofMillis(300));
    assertThat(proxy.toxics()).extracting(Toxic::type).containsExactly(ToxicType.SLOW_CONNECT);
    long start = System.nanoTime();
    connect().roundTripMillis();
    assertThat((System.nanoTime() - start) / 1e6)
        .as("ms to the first echo")
        .isGreaterThanOrEqualTo(290);
  }

  // ---- connections ----

  @Test
  void chaosOnOneConnectionLeavesTheOthersAlone() throws Exception {
    Client slow = connect();
    String id = connectedId(slow, 1);
    Client fast = connect();
    connectedId(fast, 2);
    ConnectionControl c = proxy.connection(id);
    assertThat(c.id()).isEqualTo(id);
    assertThat(c.isOpen()).isTrue();
    c.downstream().delay(Duration.ofMillis(300));
    assertThat(c.toxics()).extracting(Toxic::name).containsExactly("latency_downstream");
    assertThat(c.info().toxics()).containsExactly("latency_downstream");
    assertThat(proxy.toxics()).isEmpty();
    assertThat(slow.medianRoundTripMillis()).isGreaterThanOrEqualTo(295);
    assertThat(fast.medianRoundTripMillis()).isLessThan(250);
    c.reset();
    assertThat(c.toxics()).isEmpty();
    assertThat(slow.medianRoundTripMillis()).isLessThan(250);
  }

  @Test
  void proxyResetClearsConnectionChaosToo() throws Exception {
    Client client = connect();
    ConnectionControl c = proxy.connection(connectedId(client, 1));
    c.delay(Duration.ofMillis(200));
    proxy.upstream().throttle(DataSize.ofKB(1));
    proxy.down();
    proxy.reset();
    assertThat(proxy.toxics()).isEmpty();
    assertThat(proxy.enabled()).isTrue();
    connect().roundTripMillis();
  }

  @Test
  void killEndsOneConnectionAndKillAllTheRest() throws Exception {
    Client first = connect();
    String id = connectedId(first, 1);
    Client second = connect();
    connectedId(second, 2);
    ConnectionControl c = proxy.connection(id);
    c.kill("contract test");
    first.assertEndsWithoutData();
    assertThat(c.isOpen()).isFalse();
    assertThat(c.info().state()).isEqualTo("closed");
    c.kill("again"); // idempotent
    assertThatThrownBy(() -> c.delay(Duration.ofMillis(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(id);
    assertThatThrownBy(() -> proxy.connection(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + id + "'");
    second.roundTripMillis();
    assertThat(proxy.killAll("the rest")).isEqualTo(1);
    second.assertEndsWithoutData();
    eventually()
        .untilAsserted(
            () -> assertThat(proxy.connections()).as("connections after the kill").isEmpty());
  }

  @Test
  void injectWritesIntoLiveStreams() throws Exception {
    Client c = connect();
    String id = connectedId(c, 1);
    proxy.downstream().inject("hello".getBytes(StandardCharsets.US_ASCII));
    assertThat(c.read(5)).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
    proxy.upstream().inject("again".getBytes(StandardCharsets.US_ASCII)); // to the echo, and back
    assertThat(c.read(5)).asString(StandardCharsets.US_ASCII).isEqualTo("again");
    proxy.connection(id).downstream().inject(new byte[] {0, (byte) 255});
    assertThat(c.read(2)).containsExactly(0, 255);
  }

  // ---- where it forwards ----

  @Test
  void retargetSendsNewConnectionsElsewhere() throws Exception {
    proxy.retarget(refusingAddress());
    assertThat(proxy.target()).isEqualTo(refusingAddress());
    Client.assertNoService(proxy);
    eventually()
        .untilAsserted(
            () ->
                assertThat(proxy.metrics().upstreamFailures())
                    .as("upstream failures")
                    .isPositive());
    proxy.retarget(echoAddress());
    connect().roundTripMillis();
  }

  // ---- errors ----

  @Test
  void mistakesAreClearErrorsOfTheSameTypes() {
    assertThatThrownBy(() -> proxy.connection("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> proxy.awaitConnections(2, Duration.ofMillis(200)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has 0 live connection(s), not 2");
    assertThatThrownBy(() -> proxy.delay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 0");
    assertThatThrownBy(() -> proxy.toxicity(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0.0 and 1.0");
    assertThatThrownBy(() -> proxy.timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blackhole()");
    assertThatThrownBy(() -> proxy.retarget("no port"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host:port");
    assertThat(proxy.toxics()).isEmpty();
  }

  @Test
  void aClosedProxyAnswersReadsFromItsLastStateAndRefusesChanges() throws Exception {
    proxy.downstream().delay(Duration.ofMillis(5));
    try (Client c = Client.connect(proxy)) {
      c.roundTripMillis();
    }
    eventually()
        .untilAsserted(
            () ->
                assertThat(proxy.metrics().connectionsTotal())
                    .as("connections counted")
                    .isEqualTo(1));
    String name = proxy.name();
    int port = proxy.port();
    String host = proxy.host();
    List<Toxic> toxics = proxy.toxics();
    proxy.close();

    assertThat(proxy.name()).isEqualTo(name);
    assertThat(proxy.port()).isEqualTo(port);
    assertThat(proxy.host()).isEqualTo(host);
    assertThat(proxy.address().getPort()).isEqualTo(port);
    assertThat(proxy.target()).isEqualTo(echoAddress());
    assertThat(proxy.enabled()).isFalse();
    assertThat(proxy.toxics()).isEqualTo(toxics);
    assertThat(proxy.downstream().toxics()).isEqualTo(toxics);
    assertThat(proxy.upstream().toxics()).isEmpty();
    assertThat(proxy.connections()).isEmpty();
    assertThat(proxy.awaitConnections(0, Duration.ofMillis(100))).isEmpty();
    ProxyMetrics m = proxy.metrics();
    assertThat(m.proxy()).isEqualTo(name);
    assertThat(m.connectionsTotal()).isEqualTo(1);
    assertThat(proxy.seed()).isEqualTo(proxy.seed());
    assertThat(proxy.toString()).contains(name).contains("closed");

    String closed = "proxy '" + name + "' is closed";
    List<Runnable> changes =
        List.of(
            () -> proxy.delay(Duration.ofMillis(10)),
            () -> proxy.downstream().clear(),
            () -> proxy.clear(),
            () -> proxy.put(Toxic.of(ToxicType.LATENCY, Direction.UPSTREAM, Map.of("latency", 1))),
            () ->
                proxy.add(
                    Toxic.of(ToxicType.LATENCY, Direction.UPSTREAM, Map.of("latency", 1))
                        .named("late")),
            () -> proxy.remove("latency_downstream"),
            () -> proxy.slowConnect(Duration.ofMillis(10)),
            () -> proxy.retarget(echoAddress()),
            () -> proxy.retarget("no port"),
            () -> proxy.up(),
            () -> proxy.down(),
            () -> proxy.reset(),
            () -> proxy.killAll("after close"),
            () -> proxy.inject("x".getBytes(StandardCharsets.UTF_8)),
            () -> proxy.connection("1"),
            () -> proxy.awaitConnections(1, Duration.ofSeconds(30)));
    for (Runnable change : changes) {
      assertThatThrownBy(change::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(closed);
    }
    assertThat(proxy.toxics()).isEqualTo(toxics);
  }

  @Test
  void edgeInputs() throws Exception {
    Client c = connect();
    String id = connectedId(c, 1);
    proxy.inject(new byte[0]);
    proxy.downstream().inject(new byte[0]);
    proxy.connection(id).inject(new byte[0]);
    proxy.clear();
    proxy.reset();
    proxy.connection(id).clear();
    assertThat(proxy.toxics()).isEmpty();
    assertThat(c.roundTrip("still here".getBytes(StandardCharsets.US_ASCII)))
        .asString(StandardCharsets.US_ASCII)
        .isEqualTo("still here");

    assertThatThrownBy(() -> proxy.connection(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("id");
    for (String bad :
        List.of(
            "",
            " ",
            ".",
            "..",
            "../" + id,
            id + "/..",
            "a/b",
            "?x=1",
            "#x",
            "%2F",
            "%2e%2e",
            id + " ",
            "connections",
            "0",
            "-1")) {
      assertThatThrownBy(() -> proxy.connection(bad))
          .as("connection(\"%s\")", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no live connection '" + bad + "'");
    }
    assertThat(proxy.connection(id).id()).isEqualTo(id);
  }

  @Test
  void anEndedConnectionAnswersReadsFromItsLastState() throws Exception {
    Client client = connect();
    String id = connectedId(client, 1);
    ConnectionControl c = proxy.connection(id);
    c.downstream().delay(Duration.ofMillis(1));
    List<Toxic> own = c.toxics();
    assertThat(own).extracting(Toxic::name).containsExactly("latency_downstream");
    client.close();
    eventually()
        .untilAsserted(() -> assertThat(c.isOpen()).as(() -> "still open: " + c.info()).isFalse());

    assertThat(c.id()).isEqualTo(id);
    assertThat(c.toxics()).isEqualTo(own);
    assertThat(c.downstream().toxics()).isEqualTo(own);
    assertThat(c.upstream().toxics()).isEmpty();
    ConnectionInfo info = c.info();
    assertThat(info.id()).isEqualTo(id);
    assertThat(info.proxy()).isEqualTo(proxy.name());
    assertThat(info.state()).isEqualTo("closed");
    assertThat(c.toString()).contains(id).contains(proxy.name()).contains("closed");
    for (Runnable change :
        List.<Runnable>of(
            () -> c.delay(Duration.ofMillis(10)),
            () -> c.clear(),
            () -> c.reset(),
            () -> c.remove("latency_downstream"),
            () -> c.inject(new byte[] {1}))) {
      assertThatThrownBy(change::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(id);
    }
    c.kill("ended already");
    assertThat(c.toxics()).isEqualTo(own);
  }

  @Test
  void retargetMistakesSayWhatAnAddressIs() {
    String form = "an address is host:port, like localhost:6379 or [::1]:6379, was ";
    for (String bad : List.of("no port", "", " ", ":80", "host", "a b:80")) {
      assertThatThrownBy(() -> proxy.retarget(bad))
          .as("retarget(\"%s\")", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(form + "'" + bad + "'");
    }
    assertThatThrownBy(() -> proxy.retarget(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(form + "'null'");
    for (String bad : List.of("host:0", "host:65536", "host:port", "host:-1", "[::1]:x")) {
      assertThatThrownBy(() -> proxy.retarget(bad))
          .as("retarget(\"%s\")", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the port in '" + bad + "' must be between 1 and 65535");
    }
    assertThat(proxy.target()).isEqualTo(echoAddress());
    proxy.retarget(" " + refusingAddress() + " ");
    assertThat(proxy.target()).isEqualTo(refusingAddress());
  }

  @Test
  void toStringSaysWhatItIs() throws Exception {
    assertThat(proxy.toString())
        .contains(proxy.name())
        .contains(":" + proxy.port())
        .contains(echoAddress());
    proxy.retarget(refusingAddress());
    assertThat(proxy.toString()).contains(refusingAddress()).doesNotContain(echoAddress());
    proxy.down();
    assertThat(proxy.toString()).contains("down");
    proxy.up();
    assertThat(proxy.toString()).doesNotContain("down");
    assertThat(proxy.downstream().toString()).contains(proxy.name()).contains("downstream");
    proxy.retarget(echoAddress());
    Client client = connect();
    String id = connectedId(client, 1);
    assertThat(proxy.connection(id).toString()).contains(id).contains(proxy.name());
  }

  @Test
  void aClosedProxyRefusesCallsAndClientsAndClosesAgainQuietly() throws Exception {
    proxy.close();
    assertThatThrownBy(() -> proxy.delay(Duration.ofMillis(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> proxy.down())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    Client.assertNoService(proxy);
    proxy.close();
  }

  // ---- schedules ----

  @Test
  void aScheduleTakesTheProxyDownThenUp() throws Exception {
    ScheduleControl outage =
        proxy.schedule(Schedule.named("outage").down(Duration.ofMillis(400)).build());
    assertThat(proxy.enabled()).isFalse();
    Client.assertNoService(proxy);
    assertThat(outage.awaitEnd(WAIT).status()).isEqualTo(ScheduleState.Status.ENDED);
    assertThat(proxy.enabled()).isTrue();
    connect().roundTripMillis();
    assertThat(proxy.schedules()).extracting(ScheduleControl::name).containsExactly("outage");
    assertThat(proxy.schedule("outage").schedule()).isEqualTo(outage.schedule());
  }

  @Test
  void aSchedulesStepsAreNamedToxicsAndResetEndsIt() {
    Schedule flap =
        Schedule.named("flap")
            .step(Duration.ofMillis(300), c -> c.downstream().delay(Duration.ofMillis(50)))
            .pause(Duration.ofMillis(300))
            .repeatForever()
            .build();
    ScheduleControl s = proxy.schedule(flap);
    assertThat(s.schedule()).isEqualTo(flap);
    s.awaitStep(0, WAIT);
    assertThat(proxy.toxics()).extracting(Toxic::name).contains("flap.latency_downstream");
    s.awaitStep(1, WAIT);
    s.awaitStep(0, WAIT);
    assertThat(s.state().iteration()).isPositive();
    assertThatThrownBy(() -> proxy.schedule(flap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'flap'");
    proxy.reset();
    assertThat(s.state().status()).isEqualTo(ScheduleState.Status.STOPPED);
    assertThat(proxy.schedules()).isEmpty();
    assertThat(proxy.toxics()).isEmpty();
  }

  @Test
  void scheduleWaitsAndNamesSayWhatIsWrong() {
    ScheduleControl s =
        proxy.schedule(
            Schedule.named("slow")
                .pause(Duration.ofSeconds(30))
                .pause(Duration.ofSeconds(1))
                .build());
    assertThatThrownBy(() -> s.awaitStep(1, Duration.ofMillis(50)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "schedule 'slow' on proxy '" + proxy.name() + "' did not start step 1 within 50 ms");
    assertThatThrownBy(() -> s.awaitStep(2, WAIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step index is from 0 to 1 (schedule 'slow' has 2 steps), was 2");
    assertThatThrownBy(() -> proxy.schedule("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'");
    s.stop();
    assertThat(s.state().status()).isEqualTo(ScheduleState.Status.STOPPED);
    assertThat(proxy.schedules()).isEmpty();
  }
}
