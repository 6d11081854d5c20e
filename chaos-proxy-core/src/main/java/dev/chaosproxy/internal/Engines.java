package dev.chaosproxy.internal;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.internal.relay.EngineCore;
import java.util.function.Function;

/**
 * An engine's internals, for the project's own packages (the standalone jar, tests): {@link
 * ChaosEngine} hands them over here when it loads, so that its public API shows no internal type.
 */
public final class Engines {
  private static volatile Function<ChaosEngine, EngineCore> access;

  private Engines() {}

  /** Called once, by {@link ChaosEngine}'s static initializer. */
  public static void register(Function<ChaosEngine, EngineCore> coreOf) {
    if (access != null)
      throw new IllegalStateException("the engine accessor is registered already");
    access = coreOf;
  }

  /** {@code engine}'s loops, budget, resolver and proxies. */
  public static EngineCore core(ChaosEngine engine) {
    // An instance exists, so ChaosEngine's class has been initialized and has registered.
    return access.apply(engine);
  }
}
