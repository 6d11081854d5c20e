package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.LimitDataEffect;

/** {@code limit_data}: closes the connection after {@code bytes} bytes. */
public final class LimitData extends ToxicDescriptor {
  public static final Attr BYTES = Attr.bytes("bytes");

  public LimitData() {
    super(ToxicType.LIMIT_DATA, LimitDataEffect::new, BYTES);
  }
}
