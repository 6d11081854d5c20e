package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.Corrupt;

/** With a probability per read, inserts random bytes into the chunk or flips one of its bits. */
public final class CorruptEffect extends Effect {
  /** At most this many bytes are inserted by one corruption. */
  static final int MAX_INSERT = 8;

  public CorruptEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
  }

  @Override
  Chunk onRead(Chunk chunk, long now) {
    if (chunk.remaining() == 0 || !rng.chance(Corrupt.PROBABILITY.doubleValue(toxic))) {
      return chunk;
    }
    if (Corrupt.flips(toxic)) {
      int at = chunk.position + (int) rng.nextLong(chunk.remaining());
      chunk.data[at] ^= (byte) (1 << rng.nextLong(8));
    } else {
      byte[] extra = new byte[(int) rng.between(1, MAX_INSERT)];
      rng.nextBytes(extra, 0, extra.length);
      chunk.insert((int) rng.between(0, chunk.remaining()), extra);
    }
    fired();
    return chunk;
  }
}
