package dev.chaosproxy.junit5;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.testing.EchoServer;
import dev.chaosproxy.junit5.testing.Fixture;
import dev.chaosproxy.junit5.testing.Kit;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each misuse fails once, with a message that says what is wrong and what to do. */
class MisuseTest {
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
  @ChaosProxy(name = "db", upstream = " ")
  static class BlankUpstream {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "localhost")
  static class NoPort {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "localhost:http")
  static class PortNotANumber {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "localhost:70000")
  static class PortOutOfRange {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "jdbc:postgresql://localhost:5432/app")
  static class AUrl {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "localhost:${bad.port}")
  static class PlaceholderMakesItMalformed {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${empty.value}")
  static class PlaceholderMakesItEmpty {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "localhost:${nobody.defines.this}")
  static class UnknownPlaceholder {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "localhost:${unclosed")
  static class UnclosedPlaceholder {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  static class SameNameTwice {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  static class SameNameOnClassAndMethod {
    @Test
    @ChaosProxy(name = "db", upstream = "${echo.address}")
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  static class SameNameInAnnotationAndBuilder {
    @RegisterExtension
    static ChaosProxyExtension chaos =
        ChaosProxyExtension.builder().proxy("db", p -> p.upstream("${echo.address}")).build();

    @Test
    void test() {}
  }

  @Fixture
  static class PerClassOnAMethod {
    @Test
    @ChaosProxy(name = "db", upstream = "${echo.address}", lifecycle = PER_CLASS)
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  static class OnALifecycleMethod {
    @BeforeEach
    @ChaosProxy(name = "cache", upstream = "${echo.address}")
    void setUp() {}

    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}", container = "postgres")
  static class UpstreamAndContainer {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "my db", upstream = "${echo.address}")
  static class BadName {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(
      name = "db",
      upstream = "${echo.address}",
      chaos = {"delay 250ms", "throttle 10 KiB/s"})
  static class BadChaos {
    @Test
    void test() {}
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}", port = -1)
  static class BadPort {
    @Test
    void test() {}
  }

  @Fixture
  static class PerClassOnAnInstanceField {
    @RegisterExtension
    ChaosProxyExtension chaos =
        ChaosProxyExtension.builder()
            .proxy("db", p -> p.upstream("${echo.address}").lifecycle(PER_CLASS))
            .build();

    @Test
    void test() {}
  }

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  @interface WithADatabase {}

  @Fixture
  @WithADatabase
  @ChaosProxy(name = "db", upstream = "${echo.address}", chaos = "delay 1ms")
  static class SameNameDirectAndMeta {
    @Test
    void test() {}
  }

  @Fixture
  static class SameNameInTwoBuilders {
    @RegisterExtension
    static ChaosProxyExtension first = ChaosProxyExtension.builder().proxy("db").build();

    @RegisterExtension
    static ChaosProxyExtension second = ChaosProxyExtension.builder().proxy("db").build();

    @Test
    void test() {}
  }

  static Stream<Arguments> misuses() {
    return Stream.of(
        Arguments.of(
            BlankUpstream.class,
            new String[] {
              "@ChaosProxy(name = \"db\") on MisuseTest.BlankUpstream: upstream is empty; write host:port, like localhost:5432"
            }),
        Arguments.of(
            NoPort.class,
            new String[] {"upstream 'localhost' is not host:port; write it like localhost:5432"}),
        Arguments.of(
            PortNotANumber.class, new String[] {"upstream 'localhost:http' has no port number"}),
        Arguments.of(
            PortOutOfRange.class,
            new String[] {"upstream 'localhost:70000': the port must be between 1 and 65535"}),
        Arguments.of(
            AUrl.class,
            new String[] {"upstream 'jdbc:postgresql://localhost:5432/app' is not host:port"}),
        Arguments.of(
            PlaceholderMakesItMalformed.class,
            new String[] {
              "upstream 'localhost:x' (from 'localhost:${bad.port}') has no port number"
            }),
        Arguments.of(
            PlaceholderMakesItEmpty.class,
            new String[] {"upstream from '${empty.value}' is empty"}),
        Arguments.of(
            UnknownPlaceholder.class,
            new String[] {
              "@ChaosProxy(name = \"db\") on MisuseTest.UnknownPlaceholder: the proxy has no upstream yet as "
                  + "MisuseTest.UnknownPlaceholder.test() starts: placeholder ${nobody.defines.this} in 'localhost:${nobody.defines.this}' is not a "
                  + "system property, a JUnit configuration parameter or an environment variable (nobody.defines.this or NOBODY_DEFINES_THIS); "
                  + "define it, or give a default: ${nobody.defines.this:value}"
            }),
        Arguments.of(
            UnclosedPlaceholder.class,
            new String[] {"is not closed; write ${key} or ${key:default}"}),
        Arguments.of(
            SameNameTwice.class,
            new String[] {
              "two proxies are named 'db' on MisuseTest.SameNameTwice: @ChaosProxy(name = \"db\") twice; give each a name of its own"
            }),
        Arguments.of(
            SameNameOnClassAndMethod.class,
            new String[] {
              "two proxies are named 'db' in MisuseTest.SameNameOnClassAndMethod.test(): "
                  + "@ChaosProxy(name = \"db\") on MisuseTest.SameNameOnClassAndMethod and @ChaosProxy(name = \"db\") on "
                  + "MisuseTest.SameNameOnClassAndMethod.test(); give each a name of its own"
            }),
        Arguments.of(
            SameNameDirectAndMeta.class,
            new String[] {
              "two proxies are named 'db' on MisuseTest.SameNameDirectAndMeta: "
                  + "@ChaosProxy(name = \"db\") via @MisuseTest.WithADatabase and @ChaosProxy(name = \"db\"); give each a name of its own"
            }),
        Arguments.of(
            SameNameInTwoBuilders.class,
            new String[] {
              "two proxies are named 'db'",
              "ChaosProxyExtension proxy \"db\" in field MisuseTest.SameNameInTwoBuilders.first",
              "ChaosProxyExtension proxy \"db\" in field MisuseTest.SameNameInTwoBuilders.second"
            }),
        Arguments.of(
            SameNameInAnnotationAndBuilder.class,
            new String[] {"two proxies are named 'db'", "ChaosProxyExtension proxy \"db\""}),
        Arguments.of(
            PerClassOnAMethod.class,
            new String[] {
              "lifecycle = PER_CLASS is for a proxy declared on a class; a proxy on a test method lives for that test"
            }),
        Arguments.of(
            OnALifecycleMethod.class,
            new String[] {
              "@ChaosProxy on MisuseTest.OnALifecycleMethod.setUp() has no effect: that method is not a test; put it on a test method or on the class"
            }),
        Arguments.of(
            UpstreamAndContainer.class,
            new String[] {"give either upstream or container, not both"}),
        Arguments.of(
            BadName.class,
            new String[] {"a proxy name is 1 to 64 letters, digits, '.', '_' or '-', was 'my db'"}),
        Arguments.of(
            BadChaos.class,
            new String[] {
              "@ChaosProxy(name = \"db\") on MisuseTest.BadChaos: chaos \"throttle 10 KiB/s\": unexpected 'KiB/s'"
            }),
        Arguments.of(
            BadPort.class, new String[] {"port must be between 0 (a free port) and 65535, was -1"}),
        Arguments.of(
            PerClassOnAnInstanceField.class,
            new String[] {
              "ChaosProxyExtension proxy \"db\" in field MisuseTest.PerClassOnAnInstanceField.chaos is PER_CLASS, but its extension was "
                  + "registered after the class started (an instance field); declare the @RegisterExtension field static, or the proxy PER_METHOD"
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misuses")
  void failsOnceWithAMessageThatSaysWhatToFix(Class<?> fixture, String[] expected) {
    String failure =
        Kit.onlyFailure(
            Kit.run(
                Map.of("echo.address", echo.address(), "bad.port", "x", "empty.value", ""),
                fixture));
    assertThat(failure).contains(expected);
  }

  static final int FIXED = 47_123;

  @Fixture
  @ChaosProxy(name = "db", port = FIXED)
  static class FixedPortInUse {
    @Test
    void test(ProxyControl db) {}
  }

  @Test
  void aFixedPortInUseSaysWhyPortZeroIsBetter() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      try {
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), FIXED));
      } catch (IOException inUseAlready) {
        // something else holds it: the proxy cannot bind it either, which is what this test needs
      }
      assertThat(Kit.onlyFailure(Kit.run(FixedPortInUse.class)))
          .contains(
              "@ChaosProxy(name = \"db\") on MisuseTest.FixedPortInUse: cannot listen on 127.0.0.1:"
                  + FIXED
                  + " for MisuseTest.FixedPortInUse.test()")
          .contains("a fixed port is shared by every test that runs at the same time");
    }
  }

  @Test
  void builderMistakesFailWhereTheyAreMade() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ChaosProxyExtension.builder().proxy("db", p -> p.chaos("delay 1")))
        .hasMessageContaining(
            "ChaosProxyExtension proxy \"db\": chaos \"delay 1\": latency '1' needs a unit");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ChaosProxyExtension.builder().proxy("db").proxy("db"))
        .hasMessageContaining(
            "two proxies are named 'db' in one ChaosProxyExtension.builder(): proxy #1 and proxy #2; give each a name of its own");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ChaosProxyExtension.builder().proxy("db", p -> p.listen("nowhere")))
        .hasMessageContaining("listen address is host:port");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ChaosProxyExtension.builder().proxy("db", p -> p.container("pg:x")))
        .hasMessageContaining(
            "container 'pg:x' is not a field name with an optional container port");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ChaosProxyExtension.builder()
                    .proxy("db", p -> p.upstream("a:1").upstream(() -> "b:2")))
        .hasMessageContaining("upstream is given twice");
  }
}
