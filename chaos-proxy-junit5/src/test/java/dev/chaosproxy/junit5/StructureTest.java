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
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * @Nested, parameterized, repeated and dynamic tests; inherited and meta-annotations.
 */
class StructureTest {
  static EchoServer echo;
  static final Map<String, List<Integer>> ports = new ConcurrentHashMap<>();

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
  }

  static void record(String key, ProxyControl p) {
    ports.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(p.port());
  }

  static Map<String, String> config() {
    return Map.of("echo.address", echo.address());
  }

  @Fixture
  @ChaosProxy(name = "outer", upstream = "${echo.address}")
  @ChaosProxy(name = "shared", upstream = "${echo.address}", lifecycle = PER_CLASS)
  static class Outer {
    @Test
    void outerTest(ProxyControl outer, ProxyControl shared) {
      record("outer", outer);
      record("shared", shared);
    }

    @Nested
    @ChaosProxy(name = "inner", upstream = "${echo.address}", chaos = "delay 1ms")
    class Inner {
      @Test
      void seesOuterAndInner(ProxyControl outer, ProxyControl shared, ProxyControl inner) {
        record("outer", outer);
        record("shared", shared);
        record("inner", inner);
        assertThat(outer.toxics()).as("the outer proxy has none of the inner chaos").isEmpty();
        assertThat(inner.toxics()).hasSize(2);
        assertEquals("n", Net.roundTrip(inner, "n"));
      }

      @Nested
      @ChaosProxy(name = "deep", upstream = "${echo.address}", lifecycle = PER_CLASS)
      class Deeper {
        @Test
        void seesEverything(
            ProxyControl outer, ProxyControl shared, ProxyControl inner, ProxyControl deep) {
          record("shared", shared);
          record("deep", deep);
        }
      }
    }
  }

  @Test
  void nestedClassesSeeTheirEnclosingClassesProxies() {
    Kit.assertAllPassed(Kit.run(config(), Outer.class));
    assertThat(ports.get("outer"))
        .as("a per-test proxy for each of the two tests that see it")
        .hasSize(2)
        .doesNotHaveDuplicates();
    assertThat(ports.get("shared"))
        .as("one class proxy for all three tests")
        .hasSize(3)
        .containsOnly(ports.get("shared").get(0));
    assertThat(ports.get("inner")).hasSize(1);
    assertThat(ports.get("deep")).hasSize(1);
  }

  @Fixture
  static class Templates {
    @ParameterizedTest
    @ValueSource(strings = {"a", "b", "c"})
    @ChaosProxy(name = "p", upstream = "${echo.address}")
    void parameterized(String value, ProxyControl p) {
      record("parameterized", p);
      assertEquals(value, Net.roundTrip(p, value));
    }

    @RepeatedTest(3)
    @ChaosProxy(name = "r", upstream = "${echo.address}", chaos = "upstream delay 1ms")
    void repeated(ProxyControl r) {
      record("repeated", r);
      assertThat(r.toxics()).hasSize(1);
      r.downstream().delay(java.time.Duration.ofMillis(1));
    }

    @TestFactory
    @ChaosProxy(name = "f", upstream = "${echo.address}")
    Stream<DynamicTest> dynamic(ProxyControl f) {
      return Stream.of("x", "y")
          .map(
              s ->
                  DynamicTest.dynamicTest(
                      s,
                      () -> {
                        record("dynamic", f);
                        assertEquals(s, Net.roundTrip(f, s));
                      }));
    }
  }

  @Test
  void eachInvocationOfATemplateHasItsOwnProxyAndAFactoryShares() {
    Kit.assertAllPassed(Kit.run(config(), Templates.class));
    assertThat(ports.get("parameterized")).hasSize(3).doesNotHaveDuplicates();
    assertThat(ports.get("repeated")).hasSize(3).doesNotHaveDuplicates();
    assertThat(ports.get("dynamic")).hasSize(2).containsOnly(ports.get("dynamic").get(0));
  }

  @ChaosProxy(name = "base", upstream = "${echo.address}", chaos = "slowClose 1ms")
  abstract static class DatabaseTestBase {
    @Test
    void inheritedTest(ProxyControl base) {
      record("inherited", base);
      assertThat(base.toxics())
          .extracting(Toxic::name)
          .containsExactly("slow_close_upstream", "slow_close_downstream");
    }
  }

  @Fixture
  @ChaosProxy(name = "own", upstream = "${echo.address}")
  static class Subclass extends DatabaseTestBase {
    @Test
    void ownTest(ProxyControl base, ProxyControl own) {
      record("inherited", base);
      record("own", own);
    }
  }

  @Test
  void aSuperclassesProxiesAreInherited() {
    Kit.assertAllPassed(Kit.run(config(), Subclass.class));
    assertThat(ports.get("inherited")).hasSize(2).doesNotHaveDuplicates();
    assertThat(ports.get("own")).hasSize(1);
  }

  @ChaosProxy(name = "viaInterface", upstream = "${echo.address}")
  interface DatabaseTests {
    @Test
    default void interfaceTest(ProxyControl viaInterface) {
      record("interface", viaInterface);
    }
  }

  @Fixture
  static class ImplementsTheInterface implements DatabaseTests {
    @Test
    void ownTest(ProxyControl viaInterface) {
      record("interface", viaInterface);
    }
  }

  @Test
  void aTestInterfacesProxiesApplyToItsImplementations() {
    EngineResults.assertCount(Kit.run(config(), ImplementsTheInterface.class), 2);
    assertThat(ports.get("interface")).hasSize(2).doesNotHaveDuplicates();
  }

  /** A team's own annotation: a slow database for whatever it is on. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  @ChaosProxy(name = "slowDb", upstream = "${echo.address}", chaos = "delay 2ms")
  @interface SlowDatabase {}

  /** Two proxies in one annotation. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.TYPE, ElementType.METHOD})
  @ChaosProxy(name = "primary", upstream = "${echo.address}")
  @ChaosProxy(name = "replica", upstream = "${echo.address}", chaos = "down")
  @interface Replicated {}

  @Fixture
  @SlowDatabase
  static class MetaAnnotated {
    @Test
    void fromTheClassAnnotation(ProxyControl slowDb) {
      assertThat(slowDb.toxics()).hasSize(2);
    }

    @Test
    @Replicated
    void fromTheMethodAnnotation(ProxyControl slowDb, ProxyControl primary, ProxyControl replica) {
      assertThat(replica.enabled()).isFalse();
      assertThat(Net.listening(replica.port())).isFalse();
      assertEquals("p", Net.roundTrip(primary, "p"));
      replica.up();
      assertEquals("r", Net.roundTrip(replica, "r"));
    }
  }

  @Test
  void metaAnnotationsDeclareProxies() {
    EngineResults.assertCount(Kit.run(config(), MetaAnnotated.class), 2);
  }

  @ChaosProxy(name = "db", upstream = "127.0.0.1:1", chaos = "delay 1ms")
  abstract static class RefusingDatabaseBase {}

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  static class OverridesItsSuperclass extends RefusingDatabaseBase {
    @Test
    void theSubclassWins(ProxyControl db) {
      assertEquals(echo.address(), db.target());
      assertThat(db.toxics()).isEmpty();
    }
  }

  @ChaosProxy(name = "db", upstream = "127.0.0.1:1")
  interface RefusingDatabaseTests {}

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  static class OverridesItsInterface implements RefusingDatabaseTests {
    @Test
    void theClassWins(ProxyControl db) {
      assertEquals(echo.address(), db.target());
    }
  }

  @Fixture
  static class InheritsAnOverride extends OverridesItsSuperclass implements RefusingDatabaseTests {
    @Test
    void theNearestWins(ProxyControl db) {
      assertEquals(echo.address(), db.target());
    }
  }

  @Test
  void theNearestDeclarationOfANameWins() {
    EngineResults.assertCount(Kit.run(config(), OverridesItsSuperclass.class), 1);
    EngineResults.assertCount(Kit.run(config(), OverridesItsInterface.class), 1);
    EngineResults.assertCount(Kit.run(config(), InheritsAnOverride.class), 2);
  }

  /** Asserts a fixture passed with {@code n} tests. */
  static final class EngineResults {
    static void assertCount(org.junit.platform.testkit.engine.EngineExecutionResults r, long n) {
      Kit.assertAllPassed(r);
      assertThat(r.testEvents().succeeded().count()).isEqualTo(n);
    }
  }
}
