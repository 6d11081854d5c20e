package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.SessionLimitEffect;

/** {@code session_limit}: resets the connection {@code duration} ms after it opened. */
public final class SessionLimit extends ToxicDescriptor {
  public static final Attr DURATION = Attr.milliseconds("duration");

  public SessionLimit() {
    super(ToxicType.SESSION_LIMIT, SessionLimitEffect::new, DURATION);
  }
}
