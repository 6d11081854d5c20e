package dev.chaosproxy.junit5;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.junit5.testing.EchoServer;
import dev.chaosproxy.junit5.testing.Fixture;
import dev.chaosproxy.junit5.testing.Kit;
import dev.chaosproxy.junit5.testing.Net;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** When proxies start and end, and what a test sees of them. */
class LifecycleTest {
  static EchoServer echo;
  static final List<Integer> ports = new CopyOnWriteArrayList<>();
  static final List<Integer> lifecyclePorts = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startEcho() {
    echo = EchoServer.start();
  }

  @AfterAll
  static void stopEcho() {
    echo.close();
  }

  @BeforeEach
  void clear() {
    ports.clear();
    lifecyclePorts.clear();
  }

  static Map<String, String> echoConfig() {
    return Map.of("echo.address", echo.address());
  }

  @Fixture
  @ChaosProxy(name = "echo", upstream = "${echo.address}")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerMethod {
    @BeforeEach
    void before(ProxyControl echo) {
      assertThat(Net.listening(echo.port())).isTrue();
      lifecyclePorts.add(echo.port());
    }

    @Test
    @Order(1)
    void first(ProxyControl echo) {
      ports.add(echo.port());
      assertEquals("one", Net.roundTrip(echo, "one"));
      echo.delay(Duration.ofMillis(5)).down();
    }

    @Test
    @Order(2)
    void second(ProxyControl echo) {
      ports.add(echo.port());
      assertThat(echo.toxics()).as("a new proxy, without the first test's chaos").isEmpty();
      assertThat(echo.enabled()).isTrue();
      assertEquals("two", Net.roundTrip(echo, "two"));
    }

    @AfterEach
    void after(ProxyControl echo) {
      lifecyclePorts.add(echo.port());
    }
  }

  @Test
  void perMethodProxiesAreNewForEachTestAndClosedAfterIt() {
    Kit.assertAllPassed(Kit.run(echoConfig(), PerMethod.class));
    assertThat(ports).hasSize(2).doesNotHaveDuplicates();
    assertThat(lifecyclePorts)
        .as("@BeforeEach and @AfterEach see the test's own proxy")
        .containsExactly(ports.get(0), ports.get(0), ports.get(1), ports.get(1));
    for (int p : ports) assertThat(Net.listening(p)).as("port %d after the run", p).isFalse();
  }

  @Fixture
  @ChaosProxy(
      name = "db",
      upstream = "${echo.address}",
      lifecycle = PER_CLASS,
      chaos = "downstream delay 1ms")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClass {
    static Socket pooled;
    static int port;

    @BeforeAll
    static void all(ProxyControl db) throws IOException {
      port = db.port();
      ports.add(port);
      pooled = new Socket();
      pooled.connect(new InetSocketAddress(db.host(), db.port()), 5_000);
      pooled.setSoTimeout(10_000);
    }

    @Test
    @Order(1)
    void first(ProxyControl db) throws IOException {
      assertEquals(port, db.port());
      assertEquals("a", exchange(pooled, "a"));
      assertThat(db.events()).as("the declared delay acted").isNotEmpty();
      db.upstream().delay(Duration.ofMillis(2));
      db.slowConnect(Duration.ofMillis(1));
      db.retarget("127.0.0.1:1");
    }

    @Test
    @Order(2)
    void second(ProxyControl db) throws IOException {
      assertEquals(port, db.port(), "the class's proxy keeps its port");
      assertThat(db.toxics())
          .as("back to the declared chaos")
          .extracting(Toxic::name)
          .containsExactly("latency_downstream");
      assertThat(db.target()).as("back to the declared upstream").isEqualTo(echo.address());
      assertThat(db.events()).as("the first test's events are gone").isEmpty();
      assertEquals("b", exchange(pooled, "b"), "a pooled connection survives the reset");
      db.down();
    }

    @Test
    @Order(3)
    void third(ProxyControl db) {
      assertThat(db.enabled()).as("up again after the second test took it down").isTrue();
      assertEquals("c", Net.roundTrip(db, "c"));
    }

    @AfterAll
    static void end(ProxyControl db) throws IOException {
      assertThat(Net.listening(db.port())).isTrue();
      pooled.close();
    }
  }

  static String exchange(Socket s, String message) throws IOException {
    s.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
    InputStream in = s.getInputStream();
    byte[] b = new byte[message.length()];
    int n = 0;
    while (n < b.length) {
      int r = in.read(b, n, b.length - n);
      if (r < 0) break;
      n += r;
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }

  @Test
  void perClassProxyKeepsItsPortAndIsResetToItsDeclaredStateAfterEachTest() {
    Kit.assertAllPassed(Kit.run(echoConfig(), PerClass.class));
    assertThat(ports).hasSize(1);
    assertThat(Net.listening(ports.get(0))).as("closed when the class ends").isFalse();
  }

  @Fixture
  @ChaosProxy(
      name = "db",
      upstream = "${echo.address}",
      chaos = {"delay 3ms", "toxicity 0.5 terminate 0.01"})
  static class Failing {
    @Test
    void fails(ProxyControl db) {
      ports.add(db.port());
      throw new AssertionError("the code under test gave up");
    }
  }

  @Test
  void aFailedTestReportsTheRunSeedAndItsProxies() {
    EngineExecutionResults r =
        Kit.run(Map.of("echo.address", echo.address(), "chaos-proxy.seed", "4242"), Failing.class);
    String failure = Kit.onlyFailure(r);
    assertThat(failure)
        .contains("the code under test gave up")
        .contains("chaos-proxy seed 4242", "chaos-proxy.seed=4242")
        .contains("db 127.0.0.1:" + ports.get(0) + " -> " + echo.address())
        .contains("latency_upstream", "terminate_downstream", "toxicity=0.5");
    assertThat(Net.listening(ports.get(0))).as("a failed test's proxy is closed too").isFalse();
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}", chaos = "first 2 refuse")
  static class FailingAfterRefusals {
    @Test
    void fails(ProxyControl db) throws IOException {
      for (int i = 0; i < 3; i++) {
        try (Socket s = new Socket(db.host(), db.port())) {
          s.setSoTimeout(5000);
          s.getOutputStream().write(1);
          s.getInputStream().read();
        } catch (IOException refused) {
          // the first two
        }
      }
      throw new AssertionError("the client gave up");
    }
  }

  @Test
  void aFailedTestShowsWhatFiredOnItsProxies() {
    EngineExecutionResults r =
        Kit.run(Map.of("echo.address", echo.address()), FailingAfterRefusals.class);
    String failure = Kit.onlyFailure(r);
    assertThat(failure)
        .contains("fired:")
        .containsPattern("#1 .* connection 1 \\(.*\\) session_limit_downstream session_limit")
        .containsPattern("#2 .* connection 2 ")
        .doesNotContain("#3 ");
  }

  static final List<Long> seeds = new CopyOnWriteArrayList<>();

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  static class Seeded {
    @org.junit.jupiter.api.RepeatedTest(3)
    void repeated(ProxyControl db) {
      seeds.add(db.seed());
    }
  }

  @Test
  void theRunSeedReplaysEachTestsProxySeedAndRepetitionsDiffer() {
    seeds.clear();
    Kit.assertAllPassed(
        Kit.run(Map.of("echo.address", echo.address(), "chaos-proxy.seed", "7"), Seeded.class));
    List<Long> first = List.copyOf(seeds);
    seeds.clear();
    Kit.assertAllPassed(
        Kit.run(Map.of("echo.address", echo.address(), "chaos-proxy.seed", "7"), Seeded.class));
    List<Long> second = List.copyOf(seeds);
    seeds.clear();
    Kit.assertAllPassed(
        Kit.run(Map.of("echo.address", echo.address(), "chaos-proxy.seed", "8"), Seeded.class));
    List<Long> other = List.copyOf(seeds);

    assertThat(first).hasSize(3).doesNotHaveDuplicates();
    assertThat(second).isEqualTo(first);
    assertThat(other).hasSize(3).doesNotContainAnyElementsOf(first);
  }

  @Test
  void aBadRunSeedSaysWhatItMustBe() {
    List<String> failures =
        Kit.failures(
            Kit.run(
                Map.of("echo.address", echo.address(), "chaos-proxy.seed", "forty-two"),
                Seeded.class));
    assertThat(failures)
        .hasSize(3)
        .allSatisfy(
            f -> assertThat(f).contains("chaos-proxy.seed must be a whole number", "'forty-two'"));
  }

  @Fixture
  @ChaosProxy(name = "api", lifecycle = PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassBoundInBeforeAll {
    @BeforeAll
    static void bind(ProxyControl api) {
      api.retarget(echo.address());
    }

    @Test
    @Order(1)
    void movesIt(ProxyControl api) {
      api.retarget("127.0.0.1:1");
    }

    @Test
    @Order(2)
    void seesTheBindingOfBeforeAll(ProxyControl api) {
      assertThat(api.target()).as("back to what @BeforeAll bound").isEqualTo(echo.address());
      assertEquals("back", Net.roundTrip(api, "back"));
    }
  }

  @Test
  void aPerClassProxyRetargetedByATestGoesBackToWhatBeforeAllBound() {
    Kit.assertAllPassed(Kit.run(echoConfig(), PerClassBoundInBeforeAll.class));
  }

  @Fixture
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassFromASupplier {
    @org.junit.jupiter.api.extension.RegisterExtension
    static ChaosProxyExtension chaos =
        ChaosProxyExtension.builder()
            .proxy("api", p -> p.upstream(() -> echo.address()).lifecycle(PER_CLASS))
            .build();

    @Test
    @Order(1)
    void movesIt(ProxyControl api) {
      api.retarget("127.0.0.1:1");
    }

    @Test
    @Order(2)
    void seesTheSuppliedUpstream(ProxyControl api) {
      assertThat(api.target()).as("back to the supplier's upstream").isEqualTo(echo.address());
      assertEquals("back", Net.roundTrip(api, "back"));
    }
  }

  @Test
  void aPerClassProxyRetargetedByATestGoesBackToItsSuppliedUpstream() {
    Kit.assertAllPassed(Kit.run(echoConfig(), PerClassFromASupplier.class));
  }
}
