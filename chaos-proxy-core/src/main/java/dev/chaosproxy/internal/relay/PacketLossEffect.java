package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.PacketLoss;

/**
 * Loses chunks as a lossy link loses segments: each with {@code loss_rate}, raised by {@code
 * correlation} right after a loss (bursts). A lost chunk is held, and what follows it waits behind
 * it, for the retransmission timeout, doubled for each loss in a row up to 64 times; or, with
 * {@code mode=drop}, its bytes are dropped.
 */
public final class PacketLossEffect extends Effect {
  /** TCP backs off exponentially; past six doublings a real stack would have given up. */
  private static final int MAX_BACKOFF_SHIFT = 6;

  private double lossRate;
  private double correlation;
  private long timeout;
  private boolean drop;

  /** Losses in a row so far; 0 after a chunk that went through. */
  private int lossesInARow;

  public PacketLossEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
    configure();
  }

  @Override
  void configure() {
    lossRate = PacketLoss.LOSS_RATE.doubleValue(toxic);
    correlation = PacketLoss.CORRELATION.doubleValue(toxic);
    timeout = PacketLoss.TIMEOUT.nanos(toxic);
    drop = PacketLoss.drops(toxic);
  }

  @Override
  Chunk onRead(Chunk chunk, long now) {
    double p = lossesInARow > 0 ? Math.min(1.0, lossRate + correlation) : lossRate;
    if (!rng.chance(p)) {
      lossesInARow = 0;
      return chunk;
    }
    lossesInARow++;
    fired();
    if (drop) return null;
    long until = now + (timeout << Math.min(lossesInARow - 1, MAX_BACKOFF_SHIFT));
    if (!chunk.held || until - chunk.holdUntil > 0) chunk.holdUntil = until;
    chunk.held = true;
    return chunk;
  }
}
