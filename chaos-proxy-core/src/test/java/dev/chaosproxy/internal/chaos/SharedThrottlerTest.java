package dev.chaosproxy.internal.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shared throttler against a fake clock: flows that each wake on their own timer, as flows on
 * event loops do, share one rate exactly and fairly, joining and leaving as they like.
 */
class SharedThrottlerTest {
  private static final long SECOND = 1_000_000_000L;

  /** The fake clock. */
  private long now = 5 * SECOND;

  /** One simulated flow: always {@code chunk} bytes ready, woken by its timer, perhaps late. */
  private static final class Sender {
    final SharedThrottler.Share share;
    final long chunk;
    final long lateNanos;
    long wakeAt;
    long sent;
    boolean active = true;

    Sender(SharedThrottler link, long chunk, long lateNanos, long now) {
      this.share = link.share();
      this.chunk = chunk;
      this.lateNanos = lateNanos;
      this.wakeAt = now;
    }
  }

  /**
   * Runs the active senders until {@code end}: the earliest timer fires, its flow writes what it
   * may (as Flow.drain does) and sets its next timer.
   */
  private void run(List<Sender> senders, long end) {
    while (true) {
      Sender next = null;
      for (Sender s : senders) {
        if (s.active && (next == null || s.wakeAt - next.wakeAt < 0)) next = s;
      }
      if (next == null || next.wakeAt - end >= 0) break;
      now = next.wakeAt;
      long r;
      while ((r = next.share.take(now, next.chunk, Long.MAX_VALUE)) > 0) { // always more to send
        next.share.written(r);
        next.sent += r;
      }
      next.wakeAt = now - r + next.lateNanos;
    }
    now = end;
  }

  private List<Sender> senders(SharedThrottler link, int n, long chunk, long late) {
    List<Sender> list = new ArrayList<>();
    for (int i = 0; i < n; i++) list.add(new Sender(link, chunk, late, now));
    return list;
  }

  private static long total(List<Sender> senders) {
    return senders.stream().mapToLong(s -> s.sent).sum();
  }

  @ParameterizedTest(name = "{0} bytes/s, {1} flows")
  @CsvSource({
    "10000, 1",
    "10000, 4",
    "10000, 8",
    "1000000, 2",
    "1000000, 8",
    "100000000, 1",
    "100000000, 4",
    "100000000, 8"
  })
  void theSumIsTheRateAndEachFlowGetsItsShare(long rate, int n) {
    SharedThrottler link = new SharedThrottler(rate);
    List<Sender> senders = senders(link, n, 65_536, 0);
    run(senders, now + 10 * SECOND);
    double expected = rate * 10.0;
    assertThat((double) total(senders)).isBetween(expected * 0.995, expected * 1.005 + 65_536);
    for (Sender s : senders) {
      assertThat((double) s.sent)
          .as("one flow of %d", n)
          .isBetween(expected / n * 0.95, expected / n * 1.05);
    }
  }

  @ParameterizedTest(name = "{0} bytes/s")
  @CsvSource({"10000", "1000000", "100000000"})
  void lateTimersCostNoThroughput(long rate) {
    SharedThrottler link = new SharedThrottler(rate);
    List<Sender> senders = senders(link, 4, 65_536, 900_000); // every timer 0.9 ms late
    run(senders, now + 10 * SECOND);
    assertThat((double) total(senders)).isBetween(rate * 10 * 0.99, rate * 10 * 1.01 + 65_536);
  }

  @ParameterizedTest(name = "{0} bytes/s")
  @CsvSource({"1000000", "100000000"})
  void flowsWhoseTimersFireLateStillGetTheirShare(long rate) {
    SharedThrottler link = new SharedThrottler(rate);
    List<Sender> senders = new ArrayList<>();
    long[] lateness = {0, 500_000, 1_000_000, 3_000_000}; // a busy loop wakes its flows late
    for (long late : lateness) senders.add(new Sender(link, 65_536, late, now));
    run(senders, now + 10 * SECOND);
    for (Sender s : senders) {
      assertThat((double) s.sent)
          .as("the flow %d ns late", s.lateNanos)
          .isBetween(rate * 10 / 4.0 * 0.9, rate * 10 / 4.0 * 1.1);
    }
    assertThat((double) total(senders)).isBetween(rate * 10 * 0.98, rate * 10 * 1.01 + 65_536);
  }

  @Test
  void aFlowWithBigReadsDoesNotStarveOneWithSmallReads() {
    SharedThrottler link = new SharedThrottler(1_000_000);
    Sender greedy = new Sender(link, 1 << 20, 0, now);
    Sender modest = new Sender(link, 1_000, 0, now); // chunks of 1000 bytes, always more queued
    List<Sender> both = List.of(greedy, modest);
    run(both, now + 10 * SECOND);
    // Pieces are 2 ms of the link (2000 bytes) for both, as both have more queued: half each.
    assertThat((double) modest.sent).isBetween(10_000_000 / 2 * 0.95, 10_000_000 / 2 * 1.05);
    assertThat((double) total(both)).isBetween(10_000_000 * 0.995, 10_000_000 * 1.005);
  }

  @Test
  void aFlowJoiningTakesItsShareAndOneLeavingGivesItBack() {
    long rate = 1_000_000;
    SharedThrottler link = new SharedThrottler(rate);
    List<Sender> senders = senders(link, 2, 65_536, 0);
    run(senders, now + 2 * SECOND);
    Sender joiner = new Sender(link, 65_536, 0, now);
    senders.add(joiner);
    long[] before = senders.stream().mapToLong(s -> s.sent).toArray();
    run(senders, now + 3 * SECOND);
    for (int i = 0; i < senders.size(); i++) {
      assertThat((double) senders.get(i).sent - before[i])
          .as("flow %d of 3", i)
          .isBetween(rate * 3 / 3.0 * 0.95, rate * 3 / 3.0 * 1.05);
    }
    senders.get(0).active = false;
    senders.get(0).share.release();
    long[] mid = senders.stream().mapToLong(s -> s.sent).toArray();
    run(senders, now + 4 * SECOND);
    for (int i = 1; i < senders.size(); i++) {
      assertThat((double) senders.get(i).sent - mid[i])
          .as("flow %d of 2 left", i)
          .isBetween(rate * 4 / 2.0 * 0.95, rate * 4 / 2.0 * 1.05);
    }
  }

  @Test
  void releasingAnUnusedReservationGivesItsTimeBack() {
    SharedThrottler link = new SharedThrottler(1_000); // pieces of 2 bytes, 2 ms each
    SharedThrottler.Share a = link.share();
    SharedThrottler.Share b = link.share();
    assertThat(a.take(now, 100, 100)).isEqualTo(2);
    assertThat(a.reserved()).as("this piece and the next").isEqualTo(4);
    a.written(2);
    assertThat(a.take(now, 98, 98)).as("a's next piece waits behind its first").isNegative();
    assertThat(a.reserved()).as("the next piece and the one after").isEqualTo(4);
    a.release();
    assertThat(a.reserved()).isZero();
    assertThat(b.take(now, 100, 100))
        .as("b reserves where a's given-back pieces were")
        .isEqualTo(-2_000_000);
  }

  @Test
  void aNewRateVoidsReservationsAndAppliesWithinTheLongestWait() {
    SharedThrottler link = new SharedThrottler(100); // a piece of 1 byte is 10 ms
    SharedThrottler.Share a = link.share();
    SharedThrottler.Share b = link.share();
    assertThat(a.take(now, 1, 1)).isEqualTo(1);
    a.written(1);
    assertThat(b.take(now, 1, 1)).isEqualTo(-10_000_000);
    link.rate(1_000_000);
    assertThat(b.take(now, 10, 10)).as("at the new rate, at once").isEqualTo(10);
  }

  @Test
  void rateZeroWaitsTheLongestWaitAndLooksAgain() {
    SharedThrottler link = new SharedThrottler(0);
    SharedThrottler.Share a = link.share();
    assertThat(a.take(now, 10, 10)).isEqualTo(-SharedThrottler.MAX_WAIT_NANOS);
    link.rate(1000);
    assertThat(a.take(now, 10, 10)).isPositive();
  }

  @Test
  void aLongWaitIsCutIntoLookingAgain() {
    SharedThrottler link = new SharedThrottler(1); // a byte a second
    SharedThrottler.Share a = link.share();
    SharedThrottler.Share b = link.share();
    assertThat(a.take(now, 1, 1)).isEqualTo(1);
    a.written(1);
    assertThat(b.take(now, 1, 1)).isEqualTo(-SharedThrottler.MAX_WAIT_NANOS);
  }

  @Test
  void refusesNegativeRatesAndWants() {
    assertThatThrownBy(() -> new SharedThrottler(-1))
        .hasMessage("rate must be >= 0 bytes/s, was -1");
    assertThatThrownBy(() -> new SharedThrottler(1).share().take(0, 0, 0))
        .hasMessage("wanted must be positive, was 0");
  }

  @Test
  void threadsSharingOneLinkNeverTakeMoreThanItsRate() throws Exception {
    // Real threads, one clock read by all: the compare-and-set never hands out a slot twice.
    SharedThrottler link = new SharedThrottler(1_000_000);
    AtomicLong clock = new AtomicLong(0);
    AtomicLong sent = new AtomicLong();
    int threads = 4;
    CountDownLatch done = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                SharedThrottler.Share share = link.share();
                for (int k = 0; k < 200_000; k++) {
                  long r = share.take(clock.get(), 4096, 1 << 20);
                  if (r > 0) {
                    share.written(r);
                    sent.addAndGet(r);
                  } else {
                    clock.addAndGet(10_000); // 10 µs of fake time per wait
                  }
                }
                done.countDown();
              });
      t.start();
    }
    done.await();
    double seconds = clock.get() / 1e9;
    assertThat((double) sent.get()).isLessThanOrEqualTo(1_000_000 * seconds + 10_000 + 8 * 2_000);
  }
}
