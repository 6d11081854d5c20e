package dev.chaosproxy;

import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.testing.FakeTicker;

/** Engines whose event loops and effects read a {@link FakeTicker}: time moves when a test says. */
final class FakeClock {
  private FakeClock() {}

  /** An engine with one event loop on {@code ticker}, which then drives it. */
  static ChaosEngine engine(FakeTicker ticker) {
    ChaosEngine engine = ChaosEngine.builder().eventLoops(1).ticker(ticker).build();
    ticker.drive(Engines.core(engine).loops().all());
    return engine;
  }
}
