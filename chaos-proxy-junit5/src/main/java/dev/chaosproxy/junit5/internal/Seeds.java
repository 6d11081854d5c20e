package dev.chaosproxy.junit5.internal;

/** Derives a proxy's seed from the run's seed and the proxy's place in the test plan. */
final class Seeds {
  private Seeds() {}

  /**
   * A seed that depends only on {@code runSeed}, the scope's unique id and the proxy's name: the
   * same test replays the same chaos with the same run seed, whatever ran before it or beside it,
   * and each repetition of a repeated test gets a stream of its own.
   */
  static long derive(long runSeed, String uniqueId, String name) {
    return finish(
        runSeed * 0x9E3779B97F4A7C15L + finish(hash(uniqueId + "/" + name) + 0x632BE59BD9B4E019L));
  }

  private static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return finish(h);
  }

  private static long finish(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
