package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Distribution;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Delays;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.Latency;

/**
 * Delays each chunk from its arrival by latency ± jitter, or by a draw from the toxic's
 * distribution; the flow releases them in order (a chunk drawn early waits behind a late one).
 */
public final class LatencyEffect extends Effect {
  private long latency;
  private long jitter;
  private long max;
  private Distribution distribution;

  public LatencyEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
    configure();
  }

  @Override
  void configure() {
    latency = Latency.LATENCY.nanos(toxic);
    jitter = Latency.JITTER.nanos(toxic);
    max = Latency.MAX.nanos(toxic);
    distribution = Latency.distribution(toxic);
  }

  @Override
  Chunk onRead(Chunk chunk, long now) {
    if (jitter > 0 || max > 0) {
      chunk.jitter += Delays.sample(distribution, latency, jitter, max, rng) - latency;
    }
    if (latency > 0 || jitter > 0) fired();
    return chunk;
  }

  @Override
  long latency() {
    return latency;
  }
}
