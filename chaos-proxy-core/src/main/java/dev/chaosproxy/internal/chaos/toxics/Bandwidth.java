package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.BandwidthEffect;
import java.util.Map;

/**
 * {@code bandwidth}: caps the rate, given in KB/s ({@code rate}, Toxiproxy's) or bytes/s ({@code
 * rate_bytes}).
 */
public final class Bandwidth extends ToxicDescriptor {
  public static final Attr RATE = Attr.kilobytesPerSecond("rate");
  public static final Attr RATE_BYTES = Attr.bytesPerSecond("rate_bytes");

  public Bandwidth() {
    super(ToxicType.BANDWIDTH, BandwidthEffect::new, RATE, RATE_BYTES);
  }

  /** Both units agree when both are given; the one not given is derived from the other. */
  @Override
  protected void crossCheck(Map<String, ?> given, Map<String, Object> out) {
    boolean kb = given.containsKey(RATE.name());
    boolean bytes = given.containsKey(RATE_BYTES.name());
    double rate = ((Number) out.get(RATE.name())).doubleValue();
    long rateBytes = (Long) out.get(RATE_BYTES.name());
    if (kb && bytes && Math.round(rate * 1000) != rateBytes) {
      throw new IllegalArgumentException(
          "bandwidth toxic: 'rate' ("
              + show(out.get(RATE.name()))
              + " KB/s) and 'rate_bytes' ("
              + rateBytes
              + " bytes/s) disagree; give one of them");
    }
    if (bytes && !kb) {
      out.put(
          RATE.name(),
          rateBytes % 1000 == 0 ? (Object) (rateBytes / 1000) : (Object) (rateBytes / 1000.0));
    } else {
      out.put(RATE_BYTES.name(), Math.round(rate * 1000));
    }
  }

  /** rate and rate_bytes say the same thing in two units: the one patched wins. */
  @Override
  protected void beforeMerge(Map<String, Object> current, Map<String, ?> patch) {
    if (patch.containsKey(RATE.name()) && !patch.containsKey(RATE_BYTES.name()))
      current.remove(RATE_BYTES.name());
    if (patch.containsKey(RATE_BYTES.name()) && !patch.containsKey(RATE.name()))
      current.remove(RATE.name());
  }
}
