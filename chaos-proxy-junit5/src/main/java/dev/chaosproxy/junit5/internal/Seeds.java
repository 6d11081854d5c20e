package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.internal.chaos.Rng;

/** Derives a proxy's seed from the run's seed and the proxy's place in the test plan. */
final class Seeds {
  private Seeds() {}

  /**
   * A seed that depends only on {@code runSeed}, the scope's unique id and the proxy's name: the
   * same test replays the same chaos with the same run seed, whatever ran before it or beside it,
   * and each repetition of a repeated test gets a stream of its own.
   */
  static long derive(long runSeed, String uniqueId, String name) {
    return Rng.mix(runSeed, Rng.hash(uniqueId + "/" + name));
  }
}
