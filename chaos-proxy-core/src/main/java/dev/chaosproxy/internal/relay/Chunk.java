package dev.chaosproxy.internal.relay;

import java.nio.ByteBuffer;

/** Bytes read at one moment, held until the chaos lets them go; a heap copy owned by one flow. */
final class Chunk {
  /** Approximate bookkeeping cost of a chunk, counted against a flow's memory budget. */
  static final int OVERHEAD = 64;

  byte[] data;
  int position;
  int limit;

  /** The loop's {@link dev.chaosproxy.internal.loop.Ticker#nanoTime()} when it was read. */
  final long arrival;

  /** Extra delay (may be negative) drawn for it by latency toxics with jitter. */
  long jitter;

  /** Whether a stall holds it until {@link #holdUntil}. */
  boolean held;

  /** Not released before this nanoTime (stall), when {@link #held}. */
  long holdUntil;

  /**
   * What it counts against the memory budget while queued: its array and overhead, until it is all
   * written.
   */
  long cost;

  Chunk(byte[] data, int position, int limit, long arrival) {
    this.data = data;
    this.position = position;
    this.limit = limit;
    this.arrival = arrival;
  }

  static Chunk copyOf(ByteBuffer source, long arrival) {
    byte[] bytes = new byte[source.remaining()];
    source.get(bytes);
    return new Chunk(bytes, 0, bytes.length, arrival);
  }

  int remaining() {
    return limit - position;
  }

  /** A buffer over the next {@code n} bytes, for a write. */
  ByteBuffer slice(int n) {
    return ByteBuffer.wrap(data, position, n);
  }

  /** Inserts {@code extra} at {@code at} (an index relative to position). */
  void insert(int at, byte[] extra) {
    byte[] grown = new byte[remaining() + extra.length];
    System.arraycopy(data, position, grown, 0, at);
    System.arraycopy(extra, 0, grown, at, extra.length);
    System.arraycopy(data, position + at, grown, at + extra.length, remaining() - at);
    data = grown;
    position = 0;
    limit = grown.length;
  }
}
