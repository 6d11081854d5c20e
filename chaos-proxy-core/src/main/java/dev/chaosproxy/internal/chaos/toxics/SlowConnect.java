package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.SlowConnectEffect;

/** {@code slow_connect}: delays the connect to the upstream by {@code delay} ms. */
public final class SlowConnect extends ToxicDescriptor {
  public static final Attr DELAY = Attr.milliseconds("delay");

  public SlowConnect() {
    super(ToxicType.SLOW_CONNECT, SlowConnectEffect::new, DELAY);
  }
}
