package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.SlowCloseEffect;

/** {@code slow_close}: delays the close (FIN) by {@code delay} ms. */
public final class SlowClose extends ToxicDescriptor {
  public static final Attr DELAY = Attr.milliseconds("delay");

  public SlowClose() {
    super(ToxicType.SLOW_CLOSE, SlowCloseEffect::new, DELAY);
  }
}
