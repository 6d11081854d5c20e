package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.TimeoutEffect;

/** {@code timeout}: drops all data; closes the connection after {@code timeout} ms (0: never). */
public final class Timeout extends ToxicDescriptor {
  public static final Attr TIMEOUT = Attr.milliseconds("timeout");

  public Timeout() {
    super(ToxicType.TIMEOUT, TimeoutEffect::new, TIMEOUT);
  }
}
