package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.Throttler;
import dev.chaosproxy.internal.chaos.ToxicSchema;

/** Paces writes to a rate in bytes per second. */
final class BandwidthEffect extends Effect {
  private final Throttler throttler;

  BandwidthEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
    throttler = new Throttler(rate(toxic));
  }

  private static long rate(Toxic toxic) {
    return ToxicSchema.longValue(toxic.attributes(), "rate_bytes");
  }

  @Override
  void update(Toxic changed) {
    super.update(changed);
    throttler.rate(rate(changed));
  }

  @Override
  long allow(Chunk head, long now, long wanted) {
    long r = throttler.take(now, wanted);
    if (r <= 0) flow.fault(toxic.type());
    return r == Throttler.FOREVER ? FOREVER : r;
  }
}
