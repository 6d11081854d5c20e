package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.Slicer;

/** Cuts each chunk into writes of average ± variation bytes with a pause between them. */
public final class SlicerEffect extends Effect {
  private long average;
  private long variation;
  private long pause;

  /** Bytes left in the slice being written; 0 when the next write starts a new one. */
  private long sliceLeft;

  /** Whether the pause after a slice runs until {@link #nextSliceAt}. */
  private boolean pausing;

  private long nextSliceAt;

  public SlicerEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
    configure();
  }

  @Override
  void configure() {
    average = Slicer.AVERAGE_SIZE.longValue(toxic);
    variation = Slicer.SIZE_VARIATION.longValue(toxic);
    pause = Slicer.DELAY.nanos(toxic);
    sliceLeft =
        Math.min(sliceLeft, average + variation); // a smaller slice applies to the one under way
  }

  @Override
  long allow(Chunk head, long now, long wanted) {
    if (sliceLeft == 0) {
      if (pausing && nextSliceAt - now > 0) return -(nextSliceAt - now);
      pausing = false;
      sliceLeft = rng.between(average - variation, average + variation);
      fired();
    }
    return Math.min(wanted, sliceLeft);
  }

  @Override
  void onWritten(Chunk head, int n, long now) {
    sliceLeft -= n;
    if (head.remaining() == n) sliceLeft = 0; // a chunk's end ends its slice, as in Toxiproxy
    if (sliceLeft <= 0) {
      sliceLeft = 0;
      pausing = pause > 0;
      nextSliceAt = now + pause;
    }
  }
}
