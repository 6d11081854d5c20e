package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.SlowClose;

/** Holds the close (FIN) for a delay after the data before it has been written. */
public final class SlowCloseEffect extends Effect {
  private boolean eofSeen;
  private long eofSeenAt;

  public SlowCloseEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  long eofDelay(long now) {
    if (!eofSeen) {
      eofSeen = true;
      eofSeenAt = now;
      fired();
    }
    long left = eofSeenAt + SlowClose.DELAY.nanos(toxic) - now;
    return Math.max(0, left);
  }
}
