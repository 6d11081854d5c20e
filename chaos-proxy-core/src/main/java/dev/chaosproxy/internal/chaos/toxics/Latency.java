package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.Distribution;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.LatencyEffect;

/**
 * {@code latency}: delays every chunk by {@code latency ± jitter} ms, or as {@code distribution}
 * (uniform, normal, lognormal, pareto) spreads them, at most {@code max} ms (0: no cap).
 */
public final class Latency extends ToxicDescriptor {
  public static final Attr LATENCY = Attr.milliseconds("latency");
  public static final Attr JITTER = Attr.milliseconds("jitter");
  public static final Attr DISTRIBUTION =
      Attr.choice("distribution", "uniform", "normal", "lognormal", "pareto").extension();
  public static final Attr MAX = Attr.milliseconds("max").extension();

  public Latency() {
    super(ToxicType.LATENCY, LatencyEffect::new, LATENCY, JITTER, DISTRIBUTION, MAX);
  }

  /** The toxic's distribution. */
  public static Distribution distribution(Toxic toxic) {
    return Distribution.parse(DISTRIBUTION.string(toxic));
  }
}
