package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.Stall;

/**
 * With a probability per chunk, holds it (and so what follows it) for a while, like a lost segment.
 */
public final class StallEffect extends Effect {
  public StallEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  Chunk onRead(Chunk chunk, long now) {
    if (rng.chance(Stall.PROBABILITY.doubleValue(toxic))) {
      long until = now + Stall.DURATION.nanos(toxic);
      if (!chunk.held || until - chunk.holdUntil > 0) chunk.holdUntil = until;
      chunk.held = true;
      fired();
    }
    return chunk;
  }
}
