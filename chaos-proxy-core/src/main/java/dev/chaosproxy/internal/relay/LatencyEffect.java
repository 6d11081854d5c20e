package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.Latency;

/** Delays each chunk by latency ± jitter from its arrival; the flow releases them in order. */
public final class LatencyEffect extends Effect {
  private long latency;
  private long jitter;

  public LatencyEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
    configure();
  }

  @Override
  void configure() {
    latency = Latency.LATENCY.nanos(toxic);
    jitter = Latency.JITTER.nanos(toxic);
  }

  @Override
  Chunk onRead(Chunk chunk, long now) {
    if (jitter > 0) chunk.jitter += rng.between(-jitter, jitter);
    if (latency > 0 || jitter > 0) flow.fault(toxic.type());
    return chunk;
  }

  @Override
  long latency() {
    return latency;
  }
}
