package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.TerminateEffect;

/** {@code terminate}: per read or write, with {@code probability}, resets the connection. */
public final class Terminate extends ToxicDescriptor {
  public static final Attr PROBABILITY = Attr.probability("probability");

  public Terminate() {
    super(ToxicType.TERMINATE, TerminateEffect::new, PROBABILITY);
  }
}
