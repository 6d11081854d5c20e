package dev.chaosproxy.internal.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timers on a fake ticker, the purge of cancelled ones, and loop confinement. */
class EventLoopTest {
  private final FakeTicker ticker = new FakeTicker();
  private final EventLoop loop = new EventLoop("test-loop", 1024, ticker);

  EventLoopTest() {
    ticker.drive(List.of(loop));
  }

  @AfterEach
  void shutdown() {
    loop.shutdown();
  }

  @Test
  void timersFireWhenTheTickerReachesThemInDeadlineOrder() {
    List<String> fired = new CopyOnWriteArrayList<>();
    loop.call(
        () -> {
          loop.schedule(ms(20), () -> fired.add("b"));
          loop.schedule(ms(10), () -> fired.add("a"));
          loop.schedule(ms(20), () -> fired.add("c")); // same deadline: in scheduling order
          return null;
        });
    ticker.advance(Duration.ofMillis(9));
    assertThat(fired).isEmpty();
    ticker.advance(Duration.ofMillis(1));
    assertThat(fired).containsExactly("a");
    ticker.advance(Duration.ofMillis(10));
    assertThat(fired).containsExactly("a", "b", "c");
  }

  @Test
  void deadlinesPastLongMaxValueStillFireInOrder() {
    FakeTicker late = new FakeTicker(Long.MAX_VALUE - ms(5));
    EventLoop wrapping = new EventLoop("wrap-loop", 1024, late);
    late.drive(List.of(wrapping));
    try {
      List<String> fired = new CopyOnWriteArrayList<>();
      wrapping.call(
          () -> {
            long now = wrapping.nanoTime();
            wrapping.schedule(now + ms(10), () -> fired.add("after the wrap"));
            wrapping.schedule(now + ms(1), () -> fired.add("before it"));
            return null;
          });
      late.advance(Duration.ofMillis(10));
      assertThat(fired).containsExactly("before it", "after the wrap");
    } finally {
      wrapping.shutdown();
    }
  }

  @Test
  void cancelledTimersDoNotFire() {
    List<String> fired = new CopyOnWriteArrayList<>();
    loop.call(
        () -> {
          loop.schedule(ms(10), () -> fired.add("cancelled")).cancel();
          loop.schedule(ms(10), () -> fired.add("kept"));
          return null;
        });
    ticker.advance(Duration.ofMillis(10));
    assertThat(fired).containsExactly("kept");
  }

  @Test
  void cancelledTimersArePurgedOnceTheyAreHalfTheHeap() {
    int n = 1000;
    List<Timer> timers =
        loop.call(
            () -> {
              List<Timer> made = new ArrayList<>();
              for (int i = 0; i < n; i++) made.add(loop.schedule(ms(10_000), () -> {}));
              return made;
            });
    // In one task: between tasks the loop drops cancelled timers at the head of the heap itself.
    List<Integer> sizes =
        loop.call(
            () -> {
              List<Integer> seen = new ArrayList<>();
              for (int i = 0; i < n / 2 - 1; i++) timers.get(i).cancel();
              seen.add(loop.timersQueued()); // just under half: they wait in the heap
              timers.get(n / 2 - 1).cancel();
              timers.get(n / 2 - 1).cancel(); // twice counts once
              seen.add(loop.timersQueued()); // half: the heap is rebuilt without them
              return seen;
            });
    assertThat(sizes).containsExactly(n, n / 2);
  }

  @Test
  void aConnectTimeoutPerConnectionDoesNotPileUpCancelledTimers() {
    // As a proxy does: each connection arms a far timeout and cancels it once connected.
    int maxQueued =
        loop.call(
            () -> {
              int max = 0;
              for (int i = 0; i < 100_000; i++) {
                loop.schedule(ms(10_000), () -> {}).cancel();
                max = Math.max(max, loop.timersQueued());
              }
              return max;
            });
    assertThat(maxQueued).isLessThanOrEqualTo(EventLoop.PURGE_THRESHOLD);
  }

  @Test
  void aPurgeKeepsTheLiveTimersAndTheirOrder() {
    List<Integer> fired = new CopyOnWriteArrayList<>();
    int queued =
        loop.call(
            () -> {
              List<Timer> cancel = new ArrayList<>();
              for (int i = 0; i < 300; i++) {
                int at = 300 - i;
                Timer t = loop.schedule(ms(at), () -> fired.add(at));
                if (at % 3 != 0) cancel.add(t);
              }
              cancel.forEach(Timer::cancel);
              return loop.timersQueued();
            });
    // Purged at 150 of 300; the 50 cancelled after that are fewer than the threshold and wait.
    assertThat(queued).isEqualTo(150);
    ticker.advance(Duration.ofMillis(300));
    assertThat(fired).hasSize(100).isSorted().allSatisfy(at -> assertThat(at % 3).isZero());
  }

  @Test
  void schedulingOffTheLoopThrows() {
    assertThatThrownBy(() -> loop.schedule(ms(1), () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "schedule must run on event loop test-loop, not on thread "
                + Thread.currentThread().getName());
  }

  @Test
  void cancellingOffTheLoopThrows() {
    Timer t = loop.call(() -> loop.schedule(ms(1), () -> {}));
    assertThatThrownBy(t::cancel)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Timer.cancel must run on event loop test-loop");
    assertThatThrownBy(loop::runDueTimers)
        .hasMessageStartingWith("runDueTimers must run on event loop test-loop");
  }

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }
}
