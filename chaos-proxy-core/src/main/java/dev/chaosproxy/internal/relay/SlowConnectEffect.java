package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;

/** Acts before any byte: the connection reads its delay when it connects upstream. */
public final class SlowConnectEffect extends Effect {
  public SlowConnectEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  boolean touchesData() {
    return false;
  }
}
