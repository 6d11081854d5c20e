package dev.chaosproxy.junit5;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.testing.EchoServer;
import dev.chaosproxy.junit5.testing.Fixture;
import dev.chaosproxy.junit5.testing.Kit;
import dev.chaosproxy.junit5.testing.Net;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * {@code systemProperties = true}: the address as properties while the proxy lives, the old values
 * after.
 */
class SystemPropertiesTest {
  static EchoServer echo;

  @BeforeAll
  static void startEcho() {
    echo = EchoServer.start();
  }

  @AfterAll
  static void stopEcho() {
    echo.close();
  }

  @AfterEach
  void clean() {
    System.clearProperty("chaos-proxy.db.host");
    System.clearProperty("chaos-proxy.db.port");
    System.clearProperty("chaos-proxy.db.address");
  }

  static Map<String, String> config() {
    return Map.of("echo.address", echo.address());
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}", systemProperties = true)
  static class Published {
    @Test
    void codeConfiguredByPropertiesFindsTheProxy(ProxyControl db) {
      assertEquals("127.0.0.1", System.getProperty("chaos-proxy.db.host"));
      assertEquals(Integer.toString(db.port()), System.getProperty("chaos-proxy.db.port"));
      assertEquals("127.0.0.1:" + db.port(), System.getProperty("chaos-proxy.db.address"));
      String host = System.getProperty("chaos-proxy.db.host");
      int port = Integer.getInteger("chaos-proxy.db.port");
      assertEquals("jdbc", Net.roundTrip(host, port, "jdbc"));
    }
  }

  @Test
  void publishedWhileTheProxyLivesAndRestoredAfter() {
    System.setProperty("chaos-proxy.db.port", "1234"); // a value someone had before: it comes back
    Kit.assertAllPassed(Kit.run(config(), Published.class));
    assertEquals("1234", System.getProperty("chaos-proxy.db.port"));
    assertThat(System.getProperty("chaos-proxy.db.host")).as("unset before, unset after").isNull();
    assertThat(System.getProperty("chaos-proxy.db.address")).isNull();
  }

  @Fixture
  @ChaosProxy(
      name = "db",
      upstream = "${echo.address}",
      systemProperties = true,
      lifecycle = PER_CLASS)
  static class PerClass {
    static String port;

    @BeforeAll
    static void all() {
      port = System.getProperty("chaos-proxy.db.port");
    }

    @Test
    void first() {
      assertEquals(port, System.getProperty("chaos-proxy.db.port"));
    }

    @Test
    void second() {
      assertEquals(port, System.getProperty("chaos-proxy.db.port"));
    }
  }

  @Test
  void aClassProxyPublishesForTheWholeClass() {
    Kit.assertAllPassed(Kit.run(config(), PerClass.class));
    assertThat(PerClass.port).isNotNull();
    assertThat(System.getProperty("chaos-proxy.db.port")).isNull();
  }

  static final CountDownLatch otherFinished = new CountDownLatch(1);

  /** Counts down when a test that never reached its body has failed. */
  static final class WhenOneFails implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      otherFinished.countDown();
    }
  }

  @Fixture
  @ExtendWith(WhenOneFails.class)
  @ChaosProxy(name = "db", upstream = "${echo.address}", systemProperties = true)
  static class TwoAtOnce {
    @Test
    void a() throws InterruptedException {
      holdUntilTheOtherFailed();
    }

    @Test
    void b() throws InterruptedException {
      holdUntilTheOtherFailed();
    }

    private static void holdUntilTheOtherFailed() throws InterruptedException {
      assertTrue(
          otherFinished.await(30, TimeUnit.SECONDS),
          "the other test should have failed to publish");
    }
  }

  @Test
  void twoLiveProxiesPublishingOneNameInParallelFailTheSecond() {
    List<String> failures =
        Kit.failures(Kit.run(merge(config(), Kit.parallel(2)), TwoAtOnce.class));
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .contains(
            "cannot publish chaos-proxy.db.host/port/address for proxy 'db' of SystemPropertiesTest.TwoAtOnce.")
        .contains("holds them and is still running")
        .contains("@ResourceLock(Resources.SYSTEM_PROPERTIES)");
    assertThat(System.getProperty("chaos-proxy.db.port")).as("the winner restored them").isNull();
  }

  static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
    Map<String, String> m = new java.util.HashMap<>(a);
    m.putAll(b);
    return m;
  }

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}", systemProperties = true)
  @org.junit.jupiter.api.parallel.ResourceLock(
      org.junit.jupiter.api.parallel.Resources.SYSTEM_PROPERTIES)
  static class TwoAtOnceWithALock {
    @Test
    void a(ProxyControl db) {
      assertEquals(Integer.toString(db.port()), System.getProperty("chaos-proxy.db.port"));
    }

    @Test
    void b(ProxyControl db) {
      assertEquals(Integer.toString(db.port()), System.getProperty("chaos-proxy.db.port"));
    }
  }

  @Test
  void withTheResourceLockTheyTakeTurns() {
    Kit.assertAllPassed(Kit.run(merge(config(), Kit.parallel(2)), TwoAtOnceWithALock.class));
    assertThat(
            Kit.run(merge(config(), Kit.parallel(2)), TwoAtOnceWithALock.class)
                .testEvents()
                .succeeded()
                .count())
        .isEqualTo(2);
  }
}
