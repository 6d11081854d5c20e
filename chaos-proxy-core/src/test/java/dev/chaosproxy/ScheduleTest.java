package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ScheduleState.Status;
import dev.chaosproxy.internal.Engines;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules on a fake clock: each step starts exactly when the steps before it add up to, its
 * toxics replace the step before's, and the end, stop() and reset() undo what it put in place.
 * ScheduleTrafficTest watches schedules with real clients on real time.
 */
class ScheduleTest {
  private static final Duration WAIT = ofSeconds(5);
  private final FakeClock clock = new FakeClock();

  @AfterEach
  void close() {
    clock.close();
  }

  private ProxyControl proxy(String name) {
    return clock.engine.newProxy(name).upstream("127.0.0.1:1").start();
  }

  private static List<String> names(ProxyControl p) {
    return p.toxics().stream().map(Toxic::name).toList();
  }

  @Test
  void aFlappingBlackholeTogglesOnTime() {
    ProxyControl redis = proxy("redis");
    ScheduleControl flap =
        redis.schedule(
            Schedule.named("flap")
                .step(ofMillis(500), c -> c.downstream().blackhole())
                .pause(ofMillis(1500))
                .repeatForever()
                .build());

    assertThat(flap.state()).isEqualTo(new ScheduleState("flap", Status.RUNNING, 0, 0));
    assertThat(names(redis)).containsExactly("flap.timeout_downstream");
    assertThat(redis.toxics().get(0).attributes()).containsEntry("timeout", 0L);

    clock.advanceMillis(499);
    assertThat(flap.state().step()).as("step at 499 ms").isZero();
    clock.advanceMillis(1);
    assertThat(flap.awaitStep(1, WAIT).iteration()).isZero();
    assertThat(redis.toxics()).as("toxics in the pause").isEmpty();

    clock.advanceMillis(1499);
    assertThat(flap.state().step()).as("step at 1999 ms").isEqualTo(1);
    clock.advanceMillis(1);
    assertThat(flap.awaitStep(0, WAIT)).isEqualTo(new ScheduleState("flap", Status.RUNNING, 0, 1));
    assertThat(names(redis)).containsExactly("flap.timeout_downstream");
    assertThat(redis.schedules()).containsExactly(flap);
    assertThat(redis.schedule("flap")).isSameAs(flap);
  }

  @Test
  void stepsStartAtPlannedTimesEvenWhenTimeJumps() {
    ProxyControl p = proxy("p");
    ScheduleControl flap =
        p.schedule(
            Schedule.named("flap")
                .step(ofMillis(500), c -> c.blackhole())
                .pause(ofMillis(1500))
                .repeatForever()
                .build());
    clock.advanceMillis(2500); // steps planned at 500 (pause), 2000 (blackhole), 2500 (pause)
    await("step 1 of pass 1").until(flap::state, s -> s.step() == 1 && s.iteration() == 1);
    clock.advanceMillis(1499);
    assertThat(flap.state())
        .as("at 3999 ms")
        .isEqualTo(new ScheduleState("flap", Status.RUNNING, 1, 1));
    clock.advanceMillis(1);
    assertThat(flap.awaitStep(0, WAIT).iteration()).as("pass at 4000 ms").isEqualTo(2);
  }

  @Test
  void aRampOfWholeMillisecondsHasWholeMillisecondSteps() {
    Schedule ramp =
        Schedule.named("r").rampLatency(Duration.ZERO, ofMillis(90), ofMillis(250)).build();
    assertThat(ramp.steps()).hasSize(2);
    assertThat(ramp.steps())
        .extracting(Schedule.Step::duration)
        .containsExactly(ofMillis(125), ofMillis(125));
    Schedule odd =
        Schedule.named("o").rampLatency(Duration.ZERO, ofMillis(90), ofMillis(1030)).build();
    assertThat(odd.steps()).hasSize(10);
    assertThat(odd.period()).isEqualTo(ofMillis(1030));
    assertThat(odd.steps())
        .allSatisfy(st -> assertThat(st.duration().toNanos() % 1_000_000).isZero());
  }

  @Test
  void downForThreeSecondsThenUp() {
    ProxyControl db = proxy("db");
    ScheduleControl outage = db.schedule(Schedule.named("outage").down(ofSeconds(3)).build());
    assertThat(db.enabled()).as("up during the outage").isFalse();
    clock.advanceMillis(2999);
    assertThat(db.enabled()).as("up at 2999 ms").isFalse();
    clock.advanceMillis(1);
    assertThat(outage.awaitEnd(WAIT).status()).isEqualTo(Status.ENDED);
    assertThat(db.enabled()).as("up after the outage").isTrue();
    assertThat(db.schedules()).as("an ended schedule stays listed").containsExactly(outage);
  }

  @Test
  void aDownStepOnAProxyAlreadyDownLeavesItDown() {
    ProxyControl db = proxy("db");
    db.down();
    ScheduleControl s = db.schedule(Schedule.named("s").down(ofMillis(10)).build());
    clock.advanceMillis(10);
    s.awaitEnd(WAIT);
    assertThat(db.enabled())
        .as("the schedule did not take it down, so does not bring it up")
        .isFalse();
  }

  @Test
  void stepsReplaceEachOthersToxicsAndTheEndRemovesThemLeavingTheUsersOwn() {
    ProxyControl api = proxy("api");
    api.upstream().delay(ofMillis(7)); // the user's: untouched throughout
    ScheduleControl s =
        api.schedule(
            Schedule.named("s")
                .step(
                    ofMillis(100),
                    c -> c.downstream().delay(ofMillis(100)).throttle(DataSize.ofKiB(1)))
                .step(ofMillis(100), c -> c.downstream().delay(ofMillis(300)))
                .repeat(2)
                .build());
    assertThat(names(api))
        .containsExactly("latency_upstream", "s.latency_downstream", "s.bandwidth_downstream");
    clock.advanceMillis(100);
    s.awaitStep(1, WAIT);
    assertThat(names(api)).containsExactly("latency_upstream", "s.latency_downstream");
    assertThat(api.toxics().get(1).attributes()).containsEntry("latency", 300L);
    clock.advanceMillis(100);
    assertThat(s.awaitStep(0, WAIT).iteration()).isEqualTo(1);
    clock.advanceMillis(200);
    ScheduleState end = s.awaitEnd(WAIT);
    assertThat(end).isEqualTo(new ScheduleState("s", Status.ENDED, 1, 1));
    assertThat(names(api)).containsExactly("latency_upstream");
    assertThatThrownBy(() -> s.awaitStep(0, Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "schedule 's' on proxy 'api' ended before step 0 started; its last step was 1 of pass 1"
                + " (counting from 0)");
  }

  @Test
  void rampLatencyRisesInSmallSteps() {
    Schedule ramp =
        Schedule.named("ramp").rampLatency(Duration.ZERO, ofMillis(500), ofSeconds(10)).build();
    assertThat(ramp.steps()).hasSize(100);
    assertThat(ramp.period()).isEqualTo(ofSeconds(10));
    assertThat(ramp.steps()).allSatisfy(s -> assertThat(s.duration()).isEqualTo(ofMillis(100)));
    List<Long> latencies =
        ramp.steps().stream()
            .map(s -> (Long) s.toxics().get(0).attributes().get("latency"))
            .toList();
    assertThat(latencies.get(0)).isZero();
    assertThat(latencies.get(99)).isEqualTo(500L);
    assertThat(latencies).isSorted();
    assertThat(ramp.steps().get(0).toxics())
        .extracting(Toxic::direction)
        .containsExactly(Direction.UPSTREAM, Direction.DOWNSTREAM);

    ProxyControl p = proxy("p");
    ScheduleControl s = p.schedule(ramp);
    clock.advanceMillis(5000);
    s.awaitStep(50, WAIT);
    assertThat(p.toxics())
        .extracting(Toxic::name)
        .containsExactly("ramp.latency_upstream", "ramp.latency_downstream");
    assertThat(p.toxics().get(0).attributes()).containsEntry("latency", latencies.get(50));
    assertThat(latencies.get(50)).isBetween(250L, 255L);
  }

  @Test
  void aShortRampHasAtLeastTwoSteps() {
    Schedule ramp =
        Schedule.named("r").rampLatency(ofMillis(100), ofMillis(20), ofMillis(50)).build();
    assertThat(ramp.steps()).hasSize(2);
    assertThat(ramp.steps())
        .extracting(st -> st.toxics().get(0).attributes().get("latency"))
        .containsExactly(100L, 20L);
  }

  @Test
  void stopUndoesAndForgets() {
    ProxyControl p = proxy("p");
    ScheduleControl s =
        p.schedule(
            Schedule.named("x")
                .down(ofSeconds(1))
                .step(ofSeconds(1), c -> c.blackhole())
                .repeatForever()
                .build());
    assertThat(p.enabled()).isFalse();
    s.stop();
    assertThat(s.state().status()).isEqualTo(Status.STOPPED);
    assertThat(p.enabled()).as("up after stop").isTrue();
    assertThat(p.schedules()).isEmpty();
    s.stop(); // idempotent
    clock.advanceMillis(5000);
    clock.ticker.sync();
    assertThat(p.enabled()).as("no step after stop").isTrue();
    assertThat(p.toxics()).isEmpty();
    // the name is free again
    assertThat(p.schedule(Schedule.named("x").pause(ofMillis(5)).build()).state().running())
        .isTrue();
  }

  @Test
  void resetEndsEverySchedule() {
    ProxyControl p = proxy("p");
    ScheduleControl a =
        p.schedule(
            Schedule.named("a").step(ofSeconds(1), c -> c.blackhole()).repeatForever().build());
    ScheduleControl b =
        p.schedule(
            Schedule.named("b")
                .pause(ofMillis(1))
                .step(ofSeconds(9), c -> c.upstream().delay(ofSeconds(1)))
                .build());
    ScheduleControl ended = p.schedule(Schedule.named("ended").down(ofMillis(1)).build());
    clock.advanceMillis(1);
    b.awaitStep(1, WAIT);
    ended.awaitEnd(WAIT);
    assertThat(names(p))
        .containsExactlyInAnyOrder(
            "a.timeout_upstream", "a.timeout_downstream", "b.latency_upstream");

    p.reset();
    assertThat(a.state().status()).isEqualTo(Status.STOPPED);
    assertThat(b.state().status()).isEqualTo(Status.STOPPED);
    assertThat(p.schedules()).isEmpty();
    assertThat(p.toxics()).isEmpty();
    clock.advanceMillis(10_000);
    clock.ticker.sync();
    assertThat(p.toxics()).as("no step after reset").isEmpty();
  }

  @Test
  void awaitStepSeesAStepThatStartedSinceTheCall() {
    ProxyControl p = proxy("p");
    ScheduleControl s =
        p.schedule(
            Schedule.named("s")
                .pause(ofMillis(10))
                .pause(ofMillis(1))
                .pause(ofMillis(10))
                .repeatForever()
                .build());
    clock.advanceMillis(10); // step 1 starts
    clock.advanceMillis(1); // and is over: step 2
    // The state may already be past step 1; what counts is that step 1 started after pass 0 began.
    ScheduleState seen = s.awaitStep(2, WAIT);
    assertThat(seen.step()).isEqualTo(2);
    assertThat(s.awaitStep(2, Duration.ZERO)).as("in effect now: at once").isEqualTo(seen);
    assertThatThrownBy(() -> s.awaitStep(1, ofMillis(50)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "schedule 's' on proxy 'p' did not start step 1 within 50 ms; it is at step 2 of pass 0"
                + " (counting from 0)");
    assertThatThrownBy(() -> s.awaitStep(3, WAIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step index is from 0 to 2 (schedule 's' has 3 steps), was 3");
    assertThatThrownBy(() -> s.awaitEnd(ofMillis(20)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "schedule 's' on proxy 'p' did not end within 20 ms; it is at step 2");
  }

  @Test
  void closingTheProxyStopsItsSchedules() {
    ProxyControl p = proxy("p");
    ScheduleControl s =
        p.schedule(
            Schedule.named("s").pause(ofSeconds(1)).down(ofSeconds(1)).repeatForever().build());
    p.close();
    assertThat(s.state().status()).isEqualTo(Status.STOPPED);
    clock.advanceMillis(2000);
    clock.ticker.sync();
    assertThat(s.state().status()).isEqualTo(Status.STOPPED);
    assertThatThrownBy(() -> p.schedule(Schedule.named("t").pause(ofMillis(1)).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("proxy 'p' is closed");
  }

  @Test
  void theScheduleThreadEndsWithTheEngine() {
    ProxyControl p = proxy("p");
    p.schedule(Schedule.named("s").pause(ofSeconds(10)).build());
    String name = Engines.core(clock.engine).scheduler().threadName();
    Thread mine =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(name))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no thread " + name + " while a schedule runs"));
    clock.engine.close();
    assertThat(mine.isAlive()).as(mine.getName() + " alive after the engine closed").isFalse();
  }

  @Test
  void badInputSaysWhatIsValid() {
    ProxyControl p = proxy("p");
    assertThatThrownBy(() -> Schedule.named("empty").build())
        .hasMessage(
            "schedule 'empty' has no steps; add at least one with step(..), pause(..), down(..) or"
                + " rampLatency(..)");
    assertThatThrownBy(() -> Schedule.named("z").pause(Duration.ZERO))
        .hasMessage(
            "the duration of step 1 of schedule 'z' must be between 1ms and 720h, was 0"
                .replace("720h", dev.chaosproxy.internal.Durations.show(Schedule.MAX_STEP)));
    assertThatThrownBy(() -> Schedule.named("n").pause(ofMillis(1)).down(ofMillis(-5)))
        .hasMessageContaining("the duration of step 2 of schedule 'n' must be between 1ms and")
        .hasMessageEndingWith("was -5ms");
    assertThatThrownBy(() -> Schedule.named("r").repeat(0))
        .hasMessage(
            "repeat is how many times the steps run in all and must be at least 1, was 0; for no end"
                + " use repeatForever()");
    assertThatThrownBy(() -> Schedule.named("bad name!"))
        .hasMessageStartingWith("a schedule name is 1 to 128 letters");
    assertThatThrownBy(() -> Schedule.named("i").step(ofMillis(5), c -> c.inject(new byte[1])))
        .hasMessageContaining("inject() writes bytes at once and cannot be one");
    assertThatThrownBy(() -> Schedule.named("b").step(ofMillis(5), c -> c.delay(ofMillis(-1))))
        .hasMessage("latency must be >= 0, was -1ms");
    assertThatThrownBy(
            () -> Schedule.named("ramp").rampLatency(ofMillis(-1), ofMillis(1), ofSeconds(1)))
        .hasMessage("rampLatency's from is a latency and must be >= 0ms, was -1ms");
    assertThatThrownBy(
            () -> Schedule.named("ramp").rampLatency(ofMillis(1), ofMillis(2), ofMillis(1)))
        .hasMessageStartingWith(
            "rampLatency's over is how long the ramp lasts and must be between 2ms");
    assertThatThrownBy(() -> p.schedule("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no schedule named 'nope' on proxy 'p'; schedules: []");
    p.schedule(Schedule.named("dup").pause(ofSeconds(1)).build());
    assertThatThrownBy(() -> p.schedule(Schedule.named("dup").pause(ofSeconds(1)).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a schedule named 'dup' is running on proxy 'p'; stop() it first, or give the new one"
                + " another name");
    assertThatThrownBy(() -> p.schedule("nope")).hasMessageEndingWith("schedules: [dup]");
  }

  @Test
  void aScheduleIsAValue() {
    Schedule a =
        Schedule.named("a")
            .step(ofMillis(5), c -> c.slowClose(ofMillis(1)))
            .down(ofMillis(3))
            .repeat(2)
            .build();
    Schedule b =
        Schedule.named("a")
            .step(ofMillis(5), c -> c.slowClose(ofMillis(1)))
            .down(ofMillis(3))
            .repeat(2)
            .build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.repeat()).isEqualTo(2);
    assertThat(a.repeatsForever()).isFalse();
    assertThat(a.toxicName("x")).isEqualTo("a.x");
    assertThat(a.toString())
        .isEqualTo("Schedule[a [" + a.steps().get(0).toxics() + " for 5ms, down for 3ms] x2]");
    assertThat(Map.of("k", a.steps().get(1).down())).containsEntry("k", true);
  }
}
