package dev.chaosproxy.junit5;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.testing.EchoServer;
import dev.chaosproxy.junit5.testing.Fixture;
import dev.chaosproxy.junit5.testing.Kit;
import dev.chaosproxy.junit5.testing.Net;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Upstreams known only at run time: placeholders, late system properties, binding from the test.
 */
class UpstreamTest {
  static EchoServer echo;

  @BeforeAll
  static void startEcho() {
    echo = EchoServer.start();
  }

  @AfterAll
  static void stopEcho() {
    echo.close();
  }

  static Map<String, String> config() {
    return Map.of("echo.address", echo.address(), "echo.port", Integer.toString(echo.port()));
  }

  @Fixture
  @ChaosProxy(name = "config", upstream = "127.0.0.1:${echo.port}")
  @ChaosProxy(name = "sysprop", upstream = "127.0.0.1:${chaos.test.echo.port}")
  @ChaosProxy(name = "fallback", upstream = "${nobody.sets.this.host:127.0.0.1}:${echo.port}")
  static class Placeholders {
    @Test
    void everySourceResolves(ProxyControl config, ProxyControl sysprop, ProxyControl fallback) {
      for (ProxyControl p : new ProxyControl[] {config, sysprop, fallback}) {
        assertEquals(echo.address(), p.target(), p.name());
        assertEquals("hello " + p.name(), Net.roundTrip(p, "hello " + p.name()));
      }
    }
  }

  @Test
  void placeholdersComeFromConfigurationParametersSystemPropertiesOrTheirDefault() {
    System.setProperty("chaos.test.echo.port", Integer.toString(echo.port()));
    try {
      Kit.assertAllPassed(Kit.run(config(), Placeholders.class));
    } finally {
      System.clearProperty("chaos.test.echo.port");
    }
  }

  @Fixture
  @ChaosProxy(name = "env", upstream = "${chaos.test.host}:${echo.port}")
  static class Environment {
    @Test
    void fromTheEnvironment(ProxyControl env) {
      assertEquals(echo.address(), env.target());
      assertEquals("env", Net.roundTrip(env, "env"));
    }
  }

  @Test
  void placeholdersComeFromTheEnvironmentInUpperCaseUnderscoreForm() {
    assumeTrue(
        "127.0.0.1".equals(System.getenv("CHAOS_TEST_HOST")),
        "the build sets CHAOS_TEST_HOST=127.0.0.1 for this test");
    Kit.assertAllPassed(Kit.run(config(), Environment.class));
  }

  @Fixture
  @ChaosProxy(name = "api")
  static class BoundByTheTest {
    @Test
    void retarget(ProxyControl api) {
      assertNull(api.target());
      String before;
      try {
        before = Net.roundTrip(api, "early");
      } catch (UncheckedIOException reset) {
        before = "reset";
      }
      assertThat(before)
          .as("a client of a proxy without upstream is turned away")
          .isNotEqualTo("early");
      api.retarget(echo.address());
      assertEquals("late", Net.roundTrip(api, "late"));
    }
  }

  @Test
  void aProxyWithoutUpstreamWaitsForTheTestToBindIt() {
    Kit.assertAllPassed(Kit.run(config(), BoundByTheTest.class));
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "127.0.0.1:${late.echo.port}", lifecycle = PER_CLASS)
  static class KnownAfterBeforeAll {
    @BeforeAll
    static void startTheServer(ProxyControl db) {
      assertNull(db.target(), "not known yet");
      System.setProperty("late.echo.port", Integer.toString(echo.port()));
    }

    @Test
    void bound(ProxyControl db) {
      assertEquals(echo.address(), db.target());
      assertEquals("bound", Net.roundTrip(db, "bound"));
    }

    @AfterAll
    static void stop() {
      System.clearProperty("late.echo.port");
    }
  }

  @Test
  void anUpstreamThatBecomesKnownInBeforeAllIsBoundRightAfterIt() {
    Kit.assertAllPassed(Kit.run(config(), KnownAfterBeforeAll.class));
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "127.0.0.1:${never.set}")
  static class BeforeEachUsesAnUnboundProxy {
    @BeforeEach
    void warmUp(ProxyControl db) {
      Net.roundTrip(db, "warm-up");
    }

    @Test
    void test() {}
  }

  @Test
  void aLifecycleMethodThatFailsOnAnUnboundProxyIsToldWhy() {
    assertThat(Kit.onlyFailure(Kit.run(config(), BeforeEachUsesAnUnboundProxy.class)))
        .contains("round trip through 127.0.0.1:")
        .contains(
            "suppressed ChaosProxyNote: proxy 'db' had no upstream yet, so its clients were reset: placeholder ${never.set}");
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "127.0.0.1:${never.set.port}", lifecycle = PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PendingButRetargetedInBeforeAll {
    @BeforeAll
    static void bind(ProxyControl db) {
      db.retarget(echo.address());
    }

    @BeforeEach
    void warmUp(ProxyControl db) {
      assertEquals("warm", Net.roundTrip(db, "warm"));
    }

    @Test
    @Order(1)
    void first(ProxyControl db) {
      assertEquals("one", Net.roundTrip(db, "one"));
    }

    @Test
    @Order(2)
    void second(ProxyControl db) {
      assertEquals(echo.address(), db.target(), "what @BeforeAll bound holds for every test");
      assertEquals("two", Net.roundTrip(db, "two"));
    }
  }

  @Test
  void aRetargetInBeforeAllBindsAProxyWhosePlaceholderIsNeverDefined() {
    Kit.assertAllPassed(Kit.run(config(), PendingButRetargetedInBeforeAll.class));
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "127.0.0.1:1", lifecycle = PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class DeclaredButRetargetedInBeforeAll {
    @BeforeAll
    static void moveToTheRealServer(ProxyControl db) {
      db.retarget(echo.address());
    }

    @Test
    @Order(1)
    void first(ProxyControl db) {
      assertEquals("one", Net.roundTrip(db, "one"));
    }

    @Test
    @Order(2)
    void second(ProxyControl db) {
      assertEquals(echo.address(), db.target(), "the @BeforeAll retarget outlives the first test");
      assertEquals("two", Net.roundTrip(db, "two"));
    }
  }

  @Test
  void aRetargetInBeforeAllHoldsForAllTestsOfTheClass() {
    Kit.assertAllPassed(Kit.run(config(), DeclaredButRetargetedInBeforeAll.class));
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "127.0.0.1:${never.set.port}")
  static class PendingButRetargetedInBeforeEach {
    @BeforeEach
    void bind(ProxyControl db) {
      db.retarget(echo.address());
    }

    @Test
    void test(ProxyControl db) {
      assertEquals("each", Net.roundTrip(db, "each"));
    }
  }

  @Test
  void aRetargetInBeforeEachBindsAProxyWhosePlaceholderIsNeverDefined() {
    Kit.assertAllPassed(Kit.run(config(), PendingButRetargetedInBeforeEach.class));
  }

  @Fixture
  @ChaosProxy(name = "shared", upstream = "127.0.0.1:${late.shared.port}", lifecycle = PER_CLASS)
  @ChaosProxy(name = "own", upstream = "127.0.0.1:${late.own.port}")
  static class UsedInLaterLifecycleMethods {
    @BeforeAll
    static void defineShared() {
      System.setProperty("late.shared.port", Integer.toString(echo.port()));
    }

    @BeforeEach
    void defineOwn() {
      System.setProperty("late.own.port", Integer.toString(echo.port()));
    }

    @AfterAll
    static void clear() {
      System.clearProperty("late.shared.port");
      System.clearProperty("late.own.port");
    }

    @Nested
    class Inner {
      @BeforeAll
      static void useShared(ProxyControl shared) {
        assertEquals("all", Net.roundTrip(shared, "all"));
      }

      @BeforeEach
      void useBoth(ProxyControl shared, ProxyControl own) {
        assertEquals("each", Net.roundTrip(own, "each"));
        assertEquals("each", Net.roundTrip(shared, "each"));
      }

      @Test
      void test(ProxyControl own) {
        assertEquals("test", Net.roundTrip(own, "test"));
      }
    }
  }

  @Test
  void anUpstreamBoundInOneLifecycleMethodServesTheLaterOnes() {
    Kit.assertAllPassed(Kit.run(config(), UsedInLaterLifecycleMethods.class));
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "127.0.0.1:${never.set}")
  static class BeforeEachBindsThenFails {
    @BeforeEach
    void bindThenFail(ProxyControl db) {
      db.retarget(echo.address());
      throw new IllegalStateException("the fixture's own failure");
    }

    @Test
    void test() {}
  }

  @Test
  void aLifecycleMethodThatBoundItsProxyAndFailedIsNotBlamedOnTheProxy() {
    assertThat(Kit.onlyFailure(Kit.run(config(), BeforeEachBindsThenFails.class)))
        .contains("the fixture's own failure")
        .doesNotContain("had no upstream yet");
  }
}
