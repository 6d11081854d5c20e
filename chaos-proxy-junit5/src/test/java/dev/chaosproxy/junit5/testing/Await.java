package dev.chaosproxy.junit5.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: no sleeping as synchronization. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      try {
        Thread.sleep(5); // a poll interval, not synchronization
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  public static <T> T value(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> ok) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T v;
    while (!ok.test(v = probe.get())) {
      if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + v);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
    return v;
  }
}
