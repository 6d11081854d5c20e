package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.ResetPeerEffect;

/** {@code reset_peer}: once data flows, resets the connection after {@code timeout} ms. */
public final class ResetPeer extends ToxicDescriptor {
  public static final Attr TIMEOUT = Attr.milliseconds("timeout");

  public ResetPeer() {
    super(ToxicType.RESET_PEER, ResetPeerEffect::new, TIMEOUT);
  }
}
