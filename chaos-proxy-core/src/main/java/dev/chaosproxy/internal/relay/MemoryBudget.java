package dev.chaosproxy.internal.relay;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes every flow of an engine may hold at once (delayed chunks, queued slices, what a toxic
 * holds, the rest of a read the sink did not take), shared by the event loops.
 *
 * <p>A flow reserves room before it reads and gives back what it did not use; it is accounted per
 * read and per write, never per byte. Fairness: a flow may hold up to its share, max({@link
 * #FLOOR}, limit ÷ flows holding bytes), while the engine is under its limit; and it may always
 * hold {@link #FLOOR} even when the limit is reached, so every connection keeps moving. So the
 * engine holds at most {@code limit} plus {@link #FLOOR} per flow direction.
 */
public final class MemoryBudget {
  /** What every flow may hold whatever the others hold. */
  public static final long FLOOR = 16 * 1024;

  private final long limit;
  private final AtomicLong held = new AtomicLong();
  private final AtomicInteger holders = new AtomicInteger();

  public MemoryBudget(long limit) {
    if (limit < FLOOR)
      throw new IllegalArgumentException("memoryBudget must be >= 16KiB, was " + limit + " bytes");
    this.limit = limit;
  }

  /** A quarter of the heap the JVM may grow to. */
  public static long defaultLimit() {
    long max = Runtime.getRuntime().maxMemory();
    if (max == Long.MAX_VALUE) max = 1L << 32;
    return Math.max(FLOOR, max / 4);
  }

  public long limit() {
    return limit;
  }

  /** Bytes held now (with per-chunk overhead). */
  public long held() {
    return held.get();
  }

  /** Flows holding bytes now. */
  public int holders() {
    return holders.get();
  }

  /** What one flow may hold while the engine is under its limit. */
  long share() {
    int h = holders.get();
    return h <= 1 ? limit : Math.max(FLOOR, limit / h);
  }

  /**
   * Whether a flow holding {@code flowHeld} bytes, capped at {@code cap}, may read now: whether
   * {@link #reserve} would grant it more than a chunk's overhead.
   */
  boolean mayRead(long flowHeld, long cap) {
    return room(flowHeld, cap, held.get()) > Chunk.OVERHEAD;
  }

  private long room(long flowHeld, long cap, long heldNow) {
    long byFlow = Math.min(cap, Math.max(FLOOR, share())) - flowHeld;
    if (byFlow <= 0) return 0;
    long floor = Math.max(0, FLOOR - flowHeld);
    return Math.min(byFlow, Math.max(floor, limit - heldNow));
  }

  /**
   * Reserves up to {@code want} bytes for a flow that holds {@code flowHeld}, capped at {@code
   * cap}; returns what was granted (maybe 0). Past the limit only the floor is granted.
   */
  long reserve(long want, long flowHeld, long cap) {
    while (true) {
      long h = held.get();
      long g = Math.min(want, room(flowHeld, cap, h));
      if (g <= 0) return 0;
      if (held.compareAndSet(h, h + g)) return g;
    }
  }

  /** Gives back {@code n} bytes (negative: takes more, unconditionally). */
  void release(long n) {
    if (n != 0) held.addAndGet(-n);
  }

  /** A flow went from holding nothing to holding something (true) or back (false). */
  void holding(boolean started) {
    if (started) {
      holders.incrementAndGet();
    } else {
      holders.decrementAndGet();
    }
  }
}
