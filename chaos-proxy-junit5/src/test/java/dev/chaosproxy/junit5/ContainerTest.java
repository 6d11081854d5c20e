package dev.chaosproxy.junit5;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.testing.EchoServer;
import dev.chaosproxy.junit5.testing.Fixture;
import dev.chaosproxy.junit5.testing.Kit;
import dev.chaosproxy.junit5.testing.Net;
import dev.chaosproxy.junit5.testing.StubContainer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code container = "field"}: the host and mapped port of a Testcontainers container of the test
 * class, tested with a {@link StubContainer} whose mapped port is a local echo server.
 */
class ContainerTest {
  static EchoServer echo;

  @BeforeAll
  static void startEcho() {
    echo = EchoServer.start();
  }

  @AfterAll
  static void stopEcho() {
    echo.close();
  }

  @Fixture
  @ChaosProxy(name = "db", container = "postgres")
  @ChaosProxy(name = "web", container = "app:8080", chaos = "downstream delay 1ms")
  static class StaticFields {
    static final StubContainer postgres = new StubContainer(5432);
    static final StubContainer app = new StubContainer(8080, 9090);

    @Test
    void forwardsToTheMappedPorts(ProxyControl db, ProxyControl web) {
      assertEquals(echo.address(), db.target());
      assertEquals(echo.address(), web.target());
      assertEquals("select 1", Net.roundTrip(db, "select 1"));
      assertEquals("GET /", Net.roundTrip(web, "GET /"));
    }
  }

  @Test
  void staticContainerFieldsWithOneOrSeveralPorts() {
    StaticFields.postgres.start(5432, echo.port());
    StaticFields.app.start(8080, echo.port()).start(9090, 1);
    try {
      Kit.assertAllPassed(Kit.run(StaticFields.class));
    } finally {
      StaticFields.postgres.stop();
      StaticFields.app.stop();
    }
  }

  /**
   * Starts the static stub containers of a class, as Testcontainers' extension does, after ours.
   */
  static final class StartStubs implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      PerClassStartedByAnotherExtension.redis.start(6379, echo.port());
    }
  }

  @Fixture
  @ChaosProxy(name = "redis", container = "redis", lifecycle = PER_CLASS)
  @ExtendWith(StartStubs.class)
  static class PerClassStartedByAnotherExtension {
    static final StubContainer redis = new StubContainer(6379);

    @Test
    void boundOnceTheContainerRuns(ProxyControl redis) {
      assertEquals(echo.address(), redis.target());
      assertEquals("PING", Net.roundTrip(redis, "PING"));
    }

    @AfterAll
    static void stop() {
      redis.stop();
    }
  }

  @Test
  void aContainerStartedByAnExtensionRegisteredAfterOursIsFollowed() {
    Kit.assertAllPassed(Kit.run(PerClassStartedByAnotherExtension.class));
  }

  @Fixture
  @ChaosProxy(name = "db", container = "postgres")
  static class InstanceField {
    final StubContainer postgres = new StubContainer(5432);

    @BeforeEach
    void start() {
      postgres.start(5432, echo.port());
    }

    @Test
    void first(ProxyControl db) {
      assertEquals("one", Net.roundTrip(db, "one"));
    }

    @Test
    void second(ProxyControl db) {
      assertEquals("two", Net.roundTrip(db, "two"));
    }

    @AfterEach
    void stop() {
      postgres.stop();
    }
  }

  @Test
  void anInstanceContainerStartedInBeforeEachIsBoundRightAfterIt() {
    Kit.assertAllPassed(Kit.run(InstanceField.class));
  }

  abstract static class Base {
    static final StubContainer inherited = new StubContainer(5432);
  }

  @Fixture
  static class Enclosing {
    static final StubContainer outer = new StubContainer(5432);

    @Nested
    @ChaosProxy(name = "db", container = "outer")
    class Inner {
      @Test
      void fromTheEnclosingClass(ProxyControl db) {
        assertEquals("nested", Net.roundTrip(db, "nested"));
      }
    }

    @Nested
    @ChaosProxy(name = "db", container = "inherited")
    class FromASuperclass extends Base {
      @Test
      void fromASuperclass(ProxyControl db) {
        assertEquals("inherited", Net.roundTrip(db, "inherited"));
      }
    }
  }

  @Test
  void fieldsOfEnclosingClassesAndSuperclassesAreFound() {
    Enclosing.outer.start(5432, echo.port());
    Base.inherited.start(5432, echo.port());
    try {
      Kit.assertAllPassed(Kit.run(Enclosing.class));
      assertThat(Kit.run(Enclosing.class).testEvents().succeeded().count()).isEqualTo(2);
    } finally {
      Enclosing.outer.stop();
      Base.inherited.stop();
    }
  }

  @Fixture
  @ChaosProxy(name = "db", container = "postgres")
  static class NotRunning {
    static final StubContainer postgres = new StubContainer(5432);

    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", container = "postgres")
  static class NullField {
    static StubContainer postgres;

    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", container = "postgress")
  static class Misspelt {
    static final StubContainer postgres = new StubContainer(5432);
    static final StubContainer redis = new StubContainer(6379);

    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", container = "postgres")
  static class NotAContainer {
    static final String postgres = "postgres:16";

    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "web", container = "app")
  static class SeveralPorts {
    static final StubContainer app = new StubContainer(8080, 9090);

    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "web", container = "app:7070")
  static class PortNotExposed {
    static final StubContainer app = new StubContainer(8080, 9090);

    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", container = "postgres", lifecycle = PER_CLASS)
  static class PerClassWithAnInstanceField {
    final StubContainer postgres = new StubContainer(5432);

    @Test
    void test() {}
  }

  static Stream<Arguments> unresolvable() {
    return Stream.of(
        Arguments.of(
            NotRunning.class,
            "@ChaosProxy(name = \"db\") on ContainerTest.NotRunning: the proxy has no upstream yet as "
                + "ContainerTest.NotRunning.test() starts: container field 'postgres' of NotRunning (StubContainer) is not running; let "
                + "Testcontainers start it (@Testcontainers on the class, @Container on the field) or start it in @BeforeAll"),
        Arguments.of(
            NullField.class,
            "the proxy has no upstream yet as ContainerTest.NullField.test() starts: container field 'postgres' of NullField is null"),
        Arguments.of(
            Misspelt.class,
            "no field 'postgress' in Misspelt, its superclasses or enclosing classes; container fields: postgres, redis"),
        Arguments.of(
            NotAContainer.class,
            "field 'postgres' of NotAContainer is a String, not a Testcontainers container (ContainerState)"),
        Arguments.of(
            SeveralPorts.class,
            "container field 'app' of SeveralPorts exposes ports 8080, 9090; name the container port, like container = \"app:8080\""),
        Arguments.of(
            PortNotExposed.class,
            "container field 'app' of PortNotExposed has no mapped port for container port 7070 (it exposes ports 8080, 9090)"),
        Arguments.of(
            PerClassWithAnInstanceField.class,
            "container field 'postgres' is an instance field, so each test has its own container, "
                + "but the proxy lives for the whole class; make the field static, or the proxy PER_METHOD"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unresolvable")
  void anUnresolvableContainerSaysWhatToFix(Class<?> fixture, String message) {
    SeveralPorts.app.start(8080, echo.port()).start(9090, echo.port());
    PortNotExposed.app.start(8080, echo.port()).start(9090, echo.port());
    try {
      assertThat(Kit.onlyFailure(Kit.run(fixture))).contains(message);
    } finally {
      SeveralPorts.app.stop();
      PortNotExposed.app.stop();
    }
  }
}
