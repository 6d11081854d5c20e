package dev.chaosproxy.junit5;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.testing.EchoServer;
import dev.chaosproxy.junit5.testing.Fixture;
import dev.chaosproxy.junit5.testing.Kit;
import dev.chaosproxy.junit5.testing.Net;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Which proxy a ProxyControl parameter receives, and the messages when it cannot be told. */
class InjectionTest {
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
    return Map.of("echo.address", echo.address());
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  @ChaosProxy(name = "cache", upstream = "${echo.address}", chaos = "delay 1ms")
  static class Several {
    @Test
    void byAnnotation(@ProxyName("db") ProxyControl db, @ProxyName("cache") ProxyControl cache) {
      assertEquals("db", db.name());
      assertEquals("cache", cache.name());
      assertNotEquals(db.port(), cache.port());
      assertThat(db.toxics()).isEmpty();
      assertThat(cache.toxics()).hasSize(2);
    }

    @Test
    void byParameterName(ProxyControl db, ProxyControl cache) {
      // the test sources are compiled with -parameters
      assertEquals("db", db.name());
      assertEquals("cache", cache.name());
    }

    @Test
    @ChaosProxy(name = "search", upstream = "${echo.address}")
    void classAndMethodProxiesTogether(ProxyControl db, ProxyControl cache, ProxyControl search) {
      assertThat(List.of(db.name(), cache.name(), search.name()))
          .containsExactly("db", "cache", "search");
    }

    @Test
    void namesEverywhereAreTheDeclaredOnes(@ProxyName("db") ProxyControl db) throws Exception {
      try (Socket s = new Socket(db.host(), db.port())) {
        List<ConnectionInfo> live = db.awaitConnections(1, Duration.ofSeconds(10));
        assertEquals(s.getLocalPort(), live.get(0).client().getPort());
        assertEquals("db", live.get(0).proxy());
        assertEquals("db", db.connection(live.get(0).id()).info().proxy());
        assertEquals("db", db.metrics().proxy());
        assertEquals("db", db.upstream().name(), "a directional view keeps the name");
        assertThat(db.toString()).startsWith("ProxyControl[db ");
      }
    }
  }

  @Test
  void parametersAreMatchedByAnnotationOrParameterName() {
    Kit.assertAllPassed(Kit.run(config(), Several.class));
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  @ChaosProxy(name = "cache", upstream = "${echo.address}")
  static class Ambiguous {
    @Test
    void which(ProxyControl proxy) {}
  }

  @Test
  void anAmbiguousParameterSaysHowToChoose() {
    assertThat(Kit.onlyFailure(Kit.run(config(), Ambiguous.class)))
        .contains(
            "ParameterResolutionException",
            "which proxy for parameter 'proxy' of InjectionTest.Ambiguous.which()?",
            "the proxies here are 'db', 'cache'",
            "@ProxyName(\"db\")");
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  static class Unknown {
    @Test
    void misspelt(@ProxyName("dbb") ProxyControl db) {}
  }

  @Test
  void anUnknownNameListsTheProxiesThereAre() {
    assertThat(Kit.onlyFailure(Kit.run(config(), Unknown.class)))
        .contains(
            "no proxy named 'dbb' for parameter 'db' of InjectionTest.Unknown.misspelt()",
            "the proxies here are 'db'");
  }

  @Fixture
  @org.junit.jupiter.api.extension.ExtendWith(ChaosProxyExtension.class)
  static class NoneDeclared {
    @Test
    void nothing(ProxyControl db) {}
  }

  @Test
  void aParameterWithoutAnyProxySaysToDeclareOne() {
    assertThat(Kit.onlyFailure(Kit.run(config(), NoneDeclared.class)))
        .contains(
            "no proxy for parameter 'db'",
            "there are no proxies here",
            "declare one with @ChaosProxy");
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  static class TooEarly {
    @BeforeAll
    static void setUp(ProxyControl db) {}

    @Test
    void test() {}
  }

  @Test
  void aPerMethodProxyInBeforeAllSaysWhenItExists() {
    assertThat(Kit.onlyFailure(Kit.run(config(), TooEarly.class)))
        .contains(
            "no proxy for parameter 'db' of InjectionTest.TooEarly.setUp()",
            "'db' starts for each test, after the test instance is constructed and after @BeforeAll",
            "declare it lifecycle = PER_CLASS");
  }

  static int constructorPort;

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}", lifecycle = PER_CLASS)
  static class ConstructorInjection {
    final ProxyControl db;

    ConstructorInjection(ProxyControl db) {
      this.db = db;
    }

    @Test
    void first(ProxyControl db) {
      assertEquals(this.db.port(), db.port());
      constructorPort = db.port();
      assertEquals("x", Net.roundTrip(this.db, "x"));
    }

    @Test
    void second() {
      assertEquals("y", Net.roundTrip(db, "y"));
    }
  }

  @Test
  void perClassProxiesReachConstructors() {
    Kit.assertAllPassed(Kit.run(config(), ConstructorInjection.class));
  }

  @Fixture
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @ChaosProxy(name = "db", upstream = "${echo.address}", lifecycle = PER_CLASS)
  static class PerClassInstance {
    ProxyControl db;

    @BeforeAll
    void keep(ProxyControl db) {
      this.db = db;
    }

    @Test
    void sameInstanceSameProxy(ProxyControl db) {
      assertEquals(this.db.port(), db.port());
    }
  }

  @Test
  void perClassTestInstancesWork() {
    Kit.assertAllPassed(Kit.run(config(), PerClassInstance.class));
  }

  @Fixture
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @ChaosProxy(name = "db", upstream = "${echo.address}", lifecycle = PER_CLASS)
  static class PerClassInstanceConstructor {
    final ProxyControl db;

    PerClassInstanceConstructor(ProxyControl db) {
      this.db = db;
    }

    @Test
    void first(ProxyControl db) {
      assertEquals(this.db.port(), db.port());
      assertEquals("x", Net.roundTrip(this.db, "x"));
    }

    @Test
    void second() {
      assertEquals("y", Net.roundTrip(db, "y"));
    }
  }

  @Test
  void perClassProxiesReachTheConstructorOfAPerClassTestInstance() {
    Kit.assertAllPassed(Kit.run(config(), PerClassInstanceConstructor.class));
  }

  @Fixture
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClassInstanceConstructorFromTheBuilder {
    @org.junit.jupiter.api.extension.RegisterExtension
    static ChaosProxyExtension chaos =
        ChaosProxyExtension.builder()
            .proxy("api", p -> p.upstream(() -> echo.address()).lifecycle(PER_CLASS))
            .build();

    final ProxyControl api;

    PerClassInstanceConstructorFromTheBuilder(ProxyControl api) {
      this.api = api;
    }

    @Test
    void test() {
      assertEquals("b", Net.roundTrip(api, "b"));
    }
  }

  @Test
  void builderPerClassProxiesReachTheConstructorOfAPerClassTestInstance() {
    Kit.assertAllPassed(Kit.run(config(), PerClassInstanceConstructorFromTheBuilder.class));
  }

  @Fixture
  @ChaosProxy(name = "outer", upstream = "${echo.address}", lifecycle = PER_CLASS)
  static class NestedPerClassInstanceConstructor {
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @ChaosProxy(name = "inner", upstream = "${echo.address}", lifecycle = PER_CLASS)
    class Inner {
      final ProxyControl outer;
      final ProxyControl inner;

      Inner(ProxyControl outer, ProxyControl inner) {
        this.outer = outer;
        this.inner = inner;
      }

      @Test
      void both() {
        assertEquals("o", Net.roundTrip(outer, "o"));
        assertEquals("i", Net.roundTrip(inner, "i"));
      }
    }
  }

  @Test
  void aNestedPerClassInstanceTakesItsOwnAndItsEnclosingClassesProxies() {
    Kit.assertAllPassed(Kit.run(config(), NestedPerClassInstanceConstructor.class));
  }
}
