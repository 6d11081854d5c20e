package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.SlowClose;

/** Holds the close (FIN) for a delay after the data before it has been written. */
public final class SlowCloseEffect extends Effect {
  private long eofSeenAt;

  public SlowCloseEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  long eofAt(long now) {
    if (eofSeenAt == 0) {
      eofSeenAt = now;
      flow.fault(toxic.type());
    }
    long at = eofSeenAt + SlowClose.DELAY.nanos(toxic);
    return at - now > 0 ? at : 0;
  }
}
