package dev.chaosproxy.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility as core's tests wait: the condition is checked at once and then every 5 ms, for up to
 * 10 s. Awaitility's defaults (a first check after 100 ms) would slow every wait down.
 */
public final class Polls {
  private Polls() {}

  /** Waits, naming what is awaited in the failure, as {@code Awaitility.await(alias)}. */
  public static ConditionFactory await(String alias) {
    return Awaitility.await(alias)
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }
}
