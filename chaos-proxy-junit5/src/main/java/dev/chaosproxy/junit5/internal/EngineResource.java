package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one {@link ChaosEngine} of a test run, in the root context's store: JUnit closes it, and with
 * it every proxy and event-loop thread, when the run ends.
 */
final class EngineResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  /** The configuration parameter (or system property) that fixes the run's seed. */
  static final String SEED = "chaos-proxy.seed";

  final ChaosEngine engine;
  final long seed;
  final boolean seedGiven;

  private EngineResource(long seed, boolean seedGiven) {
    this(seed, seedGiven, null);
  }

  private EngineResource(long seed, boolean seedGiven, DataSize memoryBudget) {
    this.seed = seed;
    this.seedGiven = seedGiven;
    ChaosEngine.Builder b = ChaosEngine.builder().seed(seed);
    if (memoryBudget != null) b.memoryBudget(memoryBudget);
    this.engine = b.build();
  }

  /** An engine like {@code main} (the same seed), with its own memory budget. */
  static EngineResource withBudget(EngineResource main, DataSize memoryBudget) {
    return new EngineResource(main.seed, main.seedGiven, memoryBudget);
  }

  static EngineResource create(ExtensionContext root) {
    String text = System.getProperty(SEED, root.getConfigurationParameter(SEED).orElse(null));
    if (text == null || text.isBlank())
      return new EngineResource(ThreadLocalRandom.current().nextLong(), false);
    try {
      return new EngineResource(Long.parseLong(text.trim()), true);
    } catch (NumberFormatException e) {
      throw new ExtensionConfigurationException(
          SEED + " must be a whole number (a seed a failed run printed), was '" + text + "'");
    }
  }

  @Override
  public void close() {
    engine.close();
  }
}
