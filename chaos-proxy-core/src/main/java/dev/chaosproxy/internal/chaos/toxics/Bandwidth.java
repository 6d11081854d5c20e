package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.BandwidthEffect;
import java.util.Map;

/**
 * {@code bandwidth}: caps the rate, given in KB/s ({@code rate}, Toxiproxy's) or bytes/s ({@code
 * rate_bytes}). By default each connection gets the rate; {@code shared=true} makes the connections
 * of the proxy share it, and {@code link=NAME} makes every bandwidth toxic of that link name, on
 * any proxy of the engine, share one rate per direction (the toxic added or changed last sets it).
 */
public final class Bandwidth extends ToxicDescriptor {
  public static final Attr RATE = Attr.kilobytesPerSecond("rate");
  public static final Attr RATE_BYTES = Attr.bytesPerSecond("rate_bytes");

  /** Whether the connections of the proxy share the rate (an extension: absent, per connection). */
  public static final Attr SHARED = Attr.flag("shared").extension();

  /** The link whose one rate per direction every toxic of that name shares, across proxies. */
  public static final Attr LINK = Attr.name("link");

  public Bandwidth() {
    super(ToxicType.BANDWIDTH, BandwidthEffect::new, RATE, RATE_BYTES, SHARED, LINK);
  }

  /**
   * Both units agree when both are given; the one not given is derived from the other. A link is
   * shared by definition, so {@code shared=false} beside one is refused.
   */
  @Override
  protected void crossCheck(Map<String, ?> given, Map<String, Object> out) {
    if (Boolean.FALSE.equals(out.get(SHARED.name())) && out.containsKey(LINK.name())) {
      throw new IllegalArgumentException(
          "bandwidth toxic: attribute 'link' ("
              + show(out.get(LINK.name()))
              + ") shares the rate across proxies, so 'shared' cannot be false; leave 'shared'"
              + " out (or true) for a link, or leave 'link' out for a rate per connection");
    }
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
