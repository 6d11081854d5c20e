package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.ToxicSchema;

/** With a probability per chunk, holds it (and so what follows it) for a while, like a lost segment. */
final class StallEffect extends Effect {
  StallEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  Chunk onRead(Chunk chunk, long now) {
    if (rng.chance(ToxicSchema.doubleValue(toxic.attributes(), "probability"))) {
      long until = now + ToxicSchema.nanos(toxic.type(), toxic.attributes(), "duration");
      if (chunk.holdUntil == 0 || until - chunk.holdUntil > 0) chunk.holdUntil = until;
      flow.fault(toxic.type());
    }
    return chunk;
  }
}
