package dev.chaosproxy.junit5;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.junit5.testing.EchoServer;
import dev.chaosproxy.junit5.testing.Fixture;
import dev.chaosproxy.junit5.testing.Kit;
import dev.chaosproxy.junit5.testing.Net;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @RegisterExtension} with the builder: what an annotation cannot say. */
class BuilderTest {
  static EchoServer outside;

  @BeforeAll
  static void start() {
    outside = EchoServer.start();
  }

  @AfterAll
  static void stop() {
    outside.close();
  }

  @Fixture
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class SupplierAfterBeforeAll {
    static EchoServer server;

    @RegisterExtension
    static ChaosProxyExtension chaos =
        ChaosProxyExtension.builder()
            .proxy(
                "api",
                p ->
                    p.upstream(() -> server.address())
                        .lifecycle(PER_CLASS)
                        .chaos("downstream delay 1ms")
                        .chaos(proxy -> proxy.upstream().slice(DataSize.ofBytes(2))))
            .proxy(
                "raw",
                p ->
                    p.upstream(() -> server.address())
                        .listen("0.0.0.0:0")
                        .connectTimeout(Duration.ofSeconds(1))
                        .bufferSize(DataSize.ofKiB(16))
                        .seed(99))
            .build();

    @BeforeAll
    static void startServer(ProxyControl api) {
      assertNull(api.target(), "the supplier threw (server is null): not bound yet");
      server = EchoServer.start();
    }

    @Test
    @Order(1)
    void bound(ProxyControl api, ProxyControl raw) {
      assertEquals(server.address(), api.target());
      assertEquals("sliced", Net.roundTrip(api, "sliced"));
      assertThat(api.toxics())
          .extracting(Toxic::name)
          .containsExactly("latency_downstream", "slicer_upstream");
      assertEquals(99, raw.seed());
      assertEquals(0, raw.address().getAddress().getAddress()[0], "listens on 0.0.0.0");
      assertEquals("127.0.0.1", raw.host(), "and tells clients a host they can connect to");
      assertEquals("raw", Net.roundTrip(raw, "raw"));
      api.clear();
    }

    @Test
    @Order(2)
    void chaosAsCodeIsReappliedAfterTheReset(ProxyControl api) {
      assertThat(api.toxics())
          .extracting(Toxic::name)
          .containsExactly("latency_downstream", "slicer_upstream");
    }

    @AfterAll
    static void stopServer() {
      server.close();
    }
  }

  @Test
  void aSupplierIsAskedUntilItAnswersAndChaosAsCodeIsPartOfTheDeclaredState() {
    Kit.assertAllPassed(Kit.run(SupplierAfterBeforeAll.class));
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${outside}")
  static class AnnotationsAndBuilderTogether {
    EchoServer perTest;

    @RegisterExtension
    ChaosProxyExtension chaos =
        ChaosProxyExtension.builder()
            .proxy("api", p -> p.upstream(() -> perTest.address()))
            .build();

    @BeforeEach
    void startServer() {
      perTest = EchoServer.start();
    }

    @Test
    void both(ProxyControl db, ProxyControl api) {
      assertEquals(outside.address(), db.target());
      assertEquals(perTest.address(), api.target());
      assertEquals("a", Net.roundTrip(api, "a"));
      assertEquals("d", Net.roundTrip(db, "d"));
    }

    @Test
    void again(@ProxyName("api") ProxyControl api) {
      assertEquals(
          perTest.address(), api.target(), "each test instance has its own extension and server");
    }

    @AfterEach
    void stopServer() {
      perTest.close();
    }
  }

  @Test
  void anInstanceFieldExtensionSitsBesideTheAnnotations() {
    Kit.assertAllPassed(
        Kit.run(
            java.util.Map.of("outside", outside.address()), AnnotationsAndBuilderTogether.class));
  }

  @Fixture
  @ChaosProxy(name = "plain", upstream = "${outside}")
  static class WithMemoryBudget {
    @RegisterExtension
    static ChaosProxyExtension small =
        ChaosProxyExtension.builder()
            .memoryBudget(DataSize.ofMiB(3))
            .proxy("small", p -> p.upstream("${outside}").chaos("delay 1ms"))
            .build();

    @Test
    void ownEngine(@ProxyName("small") ProxyControl small, @ProxyName("plain") ProxyControl plain) {
      assertEquals(3L << 20, budget(small));
      assertEquals(Runtime.getRuntime().maxMemory() / 4, budget(plain));
      assertEquals("through", Net.roundTrip(small, "through"));
    }

    /** The budget of the engine behind the test's handle. */
    private static long budget(ProxyControl p) {
      return ((dev.chaosproxy.internal.ProxyHandle) p).local().engine().budget().limit();
    }
  }

  @Test
  void aMemoryBudgetGivesTheExtensionsProxiesAnEngineWithThatBudget() {
    Kit.assertAllPassed(
        Kit.run(java.util.Map.of("outside", outside.address()), WithMemoryBudget.class));
  }

  @Test
  void aTooSmallMemoryBudgetIsRefusedAtOnce() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ChaosProxyExtension.builder().memoryBudget(DataSize.ofKiB(1)))
        .hasMessageContaining("memoryBudget must be at least 16KiB");
  }

  @Fixture
  static class SupplierNeverAnswers {
    @RegisterExtension
    static ChaosProxyExtension chaos =
        ChaosProxyExtension.builder().proxy("api", p -> p.upstream(() -> null)).build();

    @Test
    void test() {}
  }

  @Test
  void aSupplierThatNeverAnswersFailsTheTestWhenItStarts() {
    assertThat(Kit.onlyFailure(Kit.run(SupplierNeverAnswers.class)))
        .contains(
            "ChaosProxyExtension proxy \"api\" in field BuilderTest.SupplierNeverAnswers.chaos: the proxy has no upstream yet as BuilderTest.SupplierNeverAnswers.test() starts: "
                + "the upstream supplier returned null");
  }

  @Fixture
  static class SupplierAnswersNonsense {
    @RegisterExtension
    static ChaosProxyExtension chaos =
        ChaosProxyExtension.builder()
            .proxy("api", p -> p.upstream(() -> "http://localhost:80"))
            .build();

    @Test
    void test() {}
  }

  @Test
  void aSupplierThatAnswersNonsenseSaysSo() {
    assertThat(Kit.onlyFailure(Kit.run(SupplierAnswersNonsense.class)))
        .contains(
            "ChaosProxyExtension proxy \"api\" in field BuilderTest.SupplierAnswersNonsense.chaos: upstream 'http://localhost:80' (from the supplier's value) is not host:port");
  }
}
