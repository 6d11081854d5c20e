package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.StallEffect;

/**
 * {@code stall}: per chunk, with {@code probability}, holds it (and what follows) for {@code
 * duration} ms.
 */
public final class Stall extends ToxicDescriptor {
  public static final Attr PROBABILITY = Attr.probability("probability");
  public static final Attr DURATION = Attr.milliseconds("duration");

  public Stall() {
    super(ToxicType.STALL, StallEffect::new, PROBABILITY, DURATION);
  }
}
