package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.SessionLimit;
import dev.chaosproxy.internal.loop.Timer;

/** Resets the connection a fixed time after it opened, whatever it is doing. */
public final class SessionLimitEffect extends Effect {
  private Timer timer;

  public SessionLimitEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  void attach(long now) {
    arm(now);
  }

  @Override
  void update(Toxic changed) {
    super.update(changed);
    arm(flow.connection().loop.nanoTime());
  }

  private void arm(long now) {
    if (timer != null) timer.cancel();
    Connection c = flow.connection();
    long at = c.openedNanos + SessionLimit.DURATION.nanos(toxic);
    String reason = "session_limit toxic " + toxic.name() + " reached";
    Runnable cut =
        () -> {
          fired();
          c.abort(reason);
        };
    timer = c.loop.schedule(at - now > 0 ? at : now, cut);
  }

  @Override
  boolean touchesData() {
    return false;
  }

  @Override
  void dispose() {
    if (timer != null) timer.cancel();
  }
}
