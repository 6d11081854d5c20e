package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.ToxicSchema;

/** Cuts each chunk into writes of average ± variation bytes with a pause between them. */
final class SlicerEffect extends Effect {
  private long average;
  private long variation;
  private long pause;
  /** Bytes left in the slice being written; 0 when the next write starts a new one. */
  private long sliceLeft;
  private long nextSliceAt;

  SlicerEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
    configure();
  }

  @Override
  void update(Toxic changed) {
    super.update(changed);
    configure();
    sliceLeft = Math.min(sliceLeft, average + variation);
  }

  private void configure() {
    average = ToxicSchema.longValue(toxic.attributes(), "average_size");
    variation = ToxicSchema.longValue(toxic.attributes(), "size_variation");
    pause = ToxicSchema.nanos(toxic.type(), toxic.attributes(), "delay");
  }

  @Override
  long allow(Chunk head, long now, long wanted) {
    if (sliceLeft == 0) {
      if (nextSliceAt != 0 && nextSliceAt - now > 0) return -(nextSliceAt - now);
      sliceLeft = rng.between(average - variation, average + variation);
      flow.fault(toxic.type());
    }
    return Math.min(wanted, sliceLeft);
  }

  @Override
  void onWritten(Chunk head, int n, long now) {
    sliceLeft -= n;
    if (head.remaining() == n) sliceLeft = 0; // a chunk's end ends its slice, as in Toxiproxy
    if (sliceLeft <= 0) {
      sliceLeft = 0;
      nextSliceAt = pause > 0 ? now + pause : 0;
    }
  }
}
