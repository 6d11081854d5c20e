package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.Timeout;
import dev.chaosproxy.internal.loop.Timer;

/**
 * Drops every byte read; closes the connection after the timeout (never when it is 0). As in
 * Toxiproxy, the connection is also closed when the source closes or the toxic is removed: the
 * stream has a hole in it and cannot go on.
 */
public final class TimeoutEffect extends Effect {
  private Timer timer;
  private long attachedAt;

  public TimeoutEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  void attach(long now) {
    attachedAt = now;
    fired();
    arm();
  }

  @Override
  void update(Toxic changed) {
    super.update(changed);
    arm();
  }

  private void arm() {
    if (timer != null) timer.cancel();
    timer = null;
    long timeout = Timeout.TIMEOUT.nanos(toxic);
    if (timeout > 0) {
      timer =
          flow.connection()
              .loop
              .schedule(
                  attachedAt + timeout,
                  () ->
                      flow.connection()
                          .closeGracefully("timeout toxic " + toxic.name() + " expired"));
    }
  }

  @Override
  void detach() {
    dispose();
    flow.connection().closeLater("timeout toxic " + toxic.name() + " removed");
  }

  @Override
  void dispose() {
    if (timer != null) timer.cancel();
  }

  @Override
  Chunk onRead(Chunk chunk, long now) {
    return null;
  }

  @Override
  boolean drops() {
    return true;
  }
}
