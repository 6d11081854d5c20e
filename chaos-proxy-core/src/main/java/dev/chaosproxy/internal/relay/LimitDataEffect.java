package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.LimitData;

/** Lets exactly the configured number of bytes through, then closes the connection. */
public final class LimitDataEffect extends Effect {
  private long passed;

  public LimitDataEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  Chunk onRead(Chunk chunk, long now) {
    long limit = LimitData.BYTES.longValue(toxic);
    long left = Math.max(0, limit - passed);
    if (chunk.remaining() > left) chunk.limit = chunk.position + (int) left;
    passed += chunk.remaining();
    if (passed >= limit) {
      fired();
      flow.closeAfterDrain("limit_data toxic " + toxic.name() + " passed " + limit + " bytes");
    }
    return chunk.remaining() > 0 ? chunk : null;
  }
}
