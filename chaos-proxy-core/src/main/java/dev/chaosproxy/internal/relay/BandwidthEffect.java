package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.Throttler;
import dev.chaosproxy.internal.chaos.toxics.Bandwidth;

/** Paces writes to a rate in bytes per second. */
public final class BandwidthEffect extends Effect {
  private final Throttler throttler;

  public BandwidthEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
    throttler = new Throttler(rate(toxic));
  }

  private static long rate(Toxic toxic) {
    return Bandwidth.RATE_BYTES.longValue(toxic);
  }

  @Override
  void update(Toxic changed) {
    super.update(changed);
    throttler.rate(rate(changed));
  }

  @Override
  long allow(Chunk head, long now, long wanted) {
    long r = throttler.take(now, wanted);
    if (r <= 0) fired();
    return r == Throttler.FOREVER ? FOREVER : r;
  }
}
