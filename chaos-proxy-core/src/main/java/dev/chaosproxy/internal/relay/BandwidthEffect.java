package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.SharedThrottler;
import dev.chaosproxy.internal.chaos.Throttler;
import dev.chaosproxy.internal.chaos.toxics.Bandwidth;
import java.util.Objects;

/**
 * Paces writes to a rate in bytes per second: this flow's own, or its share of a shared link (see
 * {@link SharedLinks}).
 */
public final class BandwidthEffect extends Effect {
  private final Throttler throttler;

  /** The shared link this flow draws from, or null when it has the rate to itself. */
  private String linkKey;

  private SharedThrottler.Share share;

  public BandwidthEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
    throttler = new Throttler(rate(toxic));
    join(toxic);
  }

  private static long rate(Toxic toxic) {
    return Bandwidth.RATE_BYTES.longValue(toxic);
  }

  @Override
  void update(Toxic changed) {
    super.update(changed);
    throttler.rate(rate(changed));
    if (!Objects.equals(key(changed), linkKey)) {
      leave();
      join(changed);
    }
  }

  private String key(Toxic t) {
    return SharedLinks.key(flow.connection.proxy.name, t);
  }

  private SharedLinks links() {
    return flow.connection.proxy.engine.links;
  }

  private void join(Toxic t) {
    linkKey = key(t);
    if (linkKey != null) share = links().join(linkKey, rate(t)).share();
  }

  private void leave() {
    if (linkKey == null) return;
    share.release();
    links().leave(linkKey);
    linkKey = null;
    share = null;
  }

  @Override
  void dispose() {
    leave();
  }

  @Override
  long allow(Chunk head, long now, long wanted) {
    if (share != null) {
      // What the flow holds beyond this chunk tells the link whether to queue its next piece.
      long r = share.take(now, wanted, flow.queued());
      if (r <= 0) flow.fault(toxic.type());
      return r;
    }
    long r = throttler.take(now, wanted);
    if (r <= 0) fired();
    return r == Throttler.FOREVER ? FOREVER : r;
  }

  @Override
  void onWritten(Chunk head, int n, long now) {
    if (share != null) share.written(n);
  }
}
