package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.Terminate;

/** With a probability per read and per write, resets the connection. */
public final class TerminateEffect extends Effect {
  public TerminateEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  private boolean fires() {
    return rng.chance(Terminate.PROBABILITY.doubleValue(toxic));
  }

  @Override
  Chunk onRead(Chunk chunk, long now) {
    if (!fires()) return chunk;
    fired();
    flow.connection().abort("terminated by toxic " + toxic.name() + " on a read");
    return null;
  }

  @Override
  void onWritten(Chunk head, int n, long now) {
    if (!fires()) return;
    fired();
    flow.connection().abort("terminated by toxic " + toxic.name() + " on a write");
  }
}
