package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.CorruptEffect;

/**
 * {@code corrupt}: per read, with {@code probability}, injects random bytes ({@code mode=inject})
 * or flips a bit.
 */
public final class Corrupt extends ToxicDescriptor {
  public static final String INJECT = "inject";
  public static final String FLIP = "flip";
  public static final Attr PROBABILITY = Attr.probability("probability");
  public static final Attr MODE = Attr.choice("mode", INJECT, FLIP);

  public Corrupt() {
    super(ToxicType.CORRUPT, CorruptEffect::new, PROBABILITY, MODE);
  }

  /** Whether {@code toxic} flips a bit rather than inject bytes. */
  public static boolean flips(Toxic toxic) {
    return FLIP.equals(MODE.string(toxic));
  }
}
