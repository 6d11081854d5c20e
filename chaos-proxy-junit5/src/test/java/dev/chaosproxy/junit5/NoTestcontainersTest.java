package dev.chaosproxy.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.testing.EchoServer;
import dev.chaosproxy.junit5.testing.Fixture;
import dev.chaosproxy.junit5.testing.Kit;
import dev.chaosproxy.junit5.testing.Net;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The extension on a classpath without Testcontainers: run by the build's own surefire execution
 * {@code without-testcontainers}, which removes it from the test classpath (and skipped by the
 * default one).
 */
@Tag("no-testcontainers")
class NoTestcontainersTest {
  static EchoServer echo;

  @BeforeAll
  static void startEcho() {
    echo = EchoServer.start();
  }

  @AfterAll
  static void stopEcho() {
    echo.close();
  }

  @Test
  void testcontainersIsNotOnThisClasspath() {
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("org.testcontainers.containers.ContainerState"));
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}", chaos = "delay 1ms")
  static class Plain {
    @Test
    void works(ProxyControl db) {
      assertEquals("no docker", Net.roundTrip(db, "no docker"));
    }
  }

  @Test
  void proxiesWorkWithoutTestcontainers() {
    Kit.assertAllPassed(Kit.run(Map.of("echo.address", echo.address()), Plain.class));
  }

  @Fixture
  @ChaosProxy(name = "db", container = "postgres")
  static class NamesAContainer {
    static Object postgres;

    @Test
    void test() {}
  }

  @Test
  void aContainerUpstreamSaysTestcontainersIsMissing() {
    assertThat(Kit.onlyFailure(Kit.run(NamesAContainer.class)))
        .contains(
            "@ChaosProxy(name = \"db\") on NoTestcontainersTest.NamesAContainer: container = \"postgres\" needs Testcontainers "
                + "(org.testcontainers:testcontainers) on the test classpath, and it is not there; add it, or give the proxy an upstream instead");
  }
}
