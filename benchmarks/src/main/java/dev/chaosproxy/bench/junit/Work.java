package dev.chaosproxy.bench.junit;

/** What a trivial test does: one check that cannot be optimized away. */
final class Work {
  private Work() {}

  static void check(int value) {
    if (value <= 0) throw new AssertionError("expected a port, was " + value);
  }
}
