package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.ResetPeer;
import dev.chaosproxy.internal.loop.Timer;

/**
 * When data first arrives after it is added, drops it and what follows, and resets the connection
 * after the timeout (at once when it is 0), as Toxiproxy's reset_peer does.
 */
public final class ResetPeerEffect extends Effect {
  private Timer timer;
  private long triggeredAt;
  private boolean triggered;

  public ResetPeerEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  Chunk onRead(Chunk chunk, long now) {
    if (!triggered) {
      triggered = true;
      triggeredAt = now;
      fired();
      arm(now);
    }
    return null;
  }

  @Override
  void update(Toxic changed) {
    super.update(changed);
    if (triggered) arm(flow.connection().loop.nanoTime());
  }

  private void arm(long now) {
    if (timer != null) timer.cancel();
    long at = triggeredAt + ResetPeer.TIMEOUT.nanos(toxic);
    Connection c = flow.connection();
    String reason = "reset by toxic " + toxic.name();
    if (at - now <= 0) {
      c.abortLater(reason);
    } else {
      timer = c.loop.schedule(at, () -> c.abort(reason));
    }
  }

  @Override
  void dispose() {
    if (timer != null) timer.cancel();
  }

  @Override
  boolean drops() {
    return triggered;
  }

  /** A source that closes after the data that triggered it does not turn the reset into a FIN. */
  @Override
  boolean ownsEnd() {
    return triggered;
  }
}
