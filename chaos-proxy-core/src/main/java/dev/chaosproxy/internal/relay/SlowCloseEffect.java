package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.ToxicSchema;

/** Holds the close (FIN) for a delay after the data before it has been written. */
final class SlowCloseEffect extends Effect {
  private long eofSeenAt;

  SlowCloseEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  long eofAt(long now) {
    if (eofSeenAt == 0) {
      eofSeenAt = now;
      flow.fault(toxic.type());
    }
    long at = eofSeenAt + ToxicSchema.nanos(toxic.type(), toxic.attributes(), "delay");
    return at - now > 0 ? at : 0;
  }
}
