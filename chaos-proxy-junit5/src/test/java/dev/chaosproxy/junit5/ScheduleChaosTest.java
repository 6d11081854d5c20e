package dev.chaosproxy.junit5;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.ScheduleControl;
import dev.chaosproxy.ScheduleState;
import dev.chaosproxy.junit5.testing.EchoServer;
import dev.chaosproxy.junit5.testing.Fixture;
import dev.chaosproxy.junit5.testing.Kit;
import dev.chaosproxy.junit5.testing.Net;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code chaos = "schedule ..."}: the test gets the schedule's handle and waits for its steps. */
class ScheduleChaosTest {
  static final Duration WAIT = Duration.ofSeconds(10);
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
  @ChaosProxy(
      name = "db",
      upstream = "${echo.address}",
      lifecycle = PER_CLASS,
      chaos = "schedule name flap repeat { down 600ms; pause 600ms }")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Flapping {
    @Test
    @Order(1)
    void aTestWaitsForTheOutageAndForTheRecovery(ProxyControl db) {
      ScheduleControl flap = db.schedule("flap");
      assertThat(db.schedules()).containsExactly(flap);
      flap.awaitStep(0, WAIT);
      assertThat(db.enabled()).as("up in the outage").isFalse();
      flap.awaitStep(1, WAIT);
      assertEquals("a", Net.roundTrip(db, "a"));
      flap.stop();
      assertThat(db.enabled()).isTrue();
    }

    @Test
    @Order(2)
    void theNextTestHasItRunningAgain(ProxyControl db) {
      ScheduleState s = db.schedule("flap").state();
      assertThat(s.running()).as("restarted after the reset").isTrue();
      assertThat(s.iteration()).as("from the start").isLessThanOrEqualTo(1);
    }
  }

  @Test
  void aScheduleStringStartsAScheduleTheTestCanWaitFor() {
    var results = Kit.run(Map.of("echo.address", echo.address()), Flapping.class);
    Kit.assertAllPassed(results);
    assertThat(results.testEvents().succeeded().count()).as("tests passed").isEqualTo(2);
  }
}
