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
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Parallel execution: tests at the same time get their own proxies; a class's shared proxy serves
 * one at a time.
 */
class ParallelTest {
  static final int THREADS = 4;
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
    Map<String, String> m = new HashMap<>(Kit.parallel(THREADS));
    m.put("echo.address", echo.address());
    return m;
  }

  static final Set<Integer> ports = ConcurrentHashMap.newKeySet();
  static final Set<String> threads = ConcurrentHashMap.newKeySet();
  static CyclicBarrier together;

  @Fixture
  @ChaosProxy(name = "db", upstream = "${echo.address}")
  static class SameNameAtTheSameTime {
    @RepeatedTest(THREADS)
    void ownProxy(ProxyControl db, RepetitionInfo info) throws Exception {
      int i = info.getCurrentRepetition();
      threads.add(Thread.currentThread().getName());
      together.await(30, TimeUnit.SECONDS); // all THREADS tests are here at once
      ports.add(db.port());
      db.upstream().delay(Duration.ofMillis(i));
      together.await(30, TimeUnit.SECONDS); // and all have set their chaos
      assertThat(db.toxics()).as("only this test's chaos").hasSize(1);
      assertEquals((long) i, db.toxics().get(0).attributes().get("latency"));
      assertEquals("test " + i, Net.roundTrip(db, "test " + i));
      assertEquals(1, db.metrics().connectionsTotal(), "only this test's client used this proxy");
    }
  }

  @Test
  void testsRunningTogetherGetTheirOwnProxiesWithNoPortClashOrCrossTalk() {
    ports.clear();
    threads.clear();
    together = new CyclicBarrier(THREADS);
    Kit.assertAllPassed(Kit.run(config(), SameNameAtTheSameTime.class));
    assertThat(ports).hasSize(THREADS);
    assertThat(threads).hasSize(THREADS);
  }

  static final AtomicInteger inFlight = new AtomicInteger();
  static final AtomicInteger mostAtOnce = new AtomicInteger();

  @Fixture
  @ChaosProxy(
      name = "db",
      upstream = "${echo.address}",
      lifecycle = PER_CLASS,
      chaos = "downstream delay 1ms")
  static class SharedProxy {
    @RepeatedTest(2 * THREADS)
    void takesItsTurn(ProxyControl db, RepetitionInfo info) {
      int now = inFlight.incrementAndGet();
      mostAtOnce.accumulateAndGet(now, Math::max);
      threads.add(Thread.currentThread().getName());
      try {
        ports.add(db.port());
        assertThat(db.toxics())
            .extracting(Toxic::name)
            .as("declared chaos only, whatever ran before")
            .containsExactly("latency_downstream");
        db.upstream().delay(Duration.ofMillis(info.getCurrentRepetition()));
        assertEquals("turn", Net.roundTrip(db, "turn"));
        assertThat(db.toxics()).hasSize(2);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  @Test
  void testsSharingAClassProxyTakeTurnsUnderParallelExecution() {
    ports.clear();
    threads.clear();
    mostAtOnce.set(0);
    Kit.assertAllPassed(Kit.run(config(), SharedProxy.class));
    assertThat(ports).as("one proxy").hasSize(1);
    assertThat(mostAtOnce.get()).as("one test at a time").isEqualTo(1);
    assertThat(threads).as("run by several threads all the same").hasSizeGreaterThan(1);
  }
}
