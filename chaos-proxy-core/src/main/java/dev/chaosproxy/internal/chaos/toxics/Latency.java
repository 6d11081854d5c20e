package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.LatencyEffect;

/** {@code latency}: delays every chunk by {@code latency ± jitter} ms. */
public final class Latency extends ToxicDescriptor {
  public static final Attr LATENCY = Attr.milliseconds("latency");
  public static final Attr JITTER = Attr.milliseconds("jitter");

  public Latency() {
    super(ToxicType.LATENCY, LatencyEffect::new, LATENCY, JITTER);
  }
}
