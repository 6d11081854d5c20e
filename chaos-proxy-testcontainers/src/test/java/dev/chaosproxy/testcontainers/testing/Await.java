package dev.chaosproxy.testcontainers.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: synchronization without sleeps. */
public final class Await {
  private Await() {}

  /** Returns once {@code condition} holds; fails with {@code whatFailed} after {@code timeout}. */
  public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> whatFailed) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not true within " + timeout.toMillis() + " ms: " + whatFailed.get());
      }
      LockSupport.parkNanos(10_000_000); // polling interval; the condition decides, not the pause
    }
  }

  public static void until(BooleanSupplier condition, String whatFailed) {
    until(Duration.ofSeconds(10), condition, () -> whatFailed);
  }
}
