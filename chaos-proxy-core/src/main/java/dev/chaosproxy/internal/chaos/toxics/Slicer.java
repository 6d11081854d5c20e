package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.relay.SlicerEffect;
import java.util.Map;

/**
 * {@code slicer}: cuts writes into {@code average_size ± size_variation} byte pieces, {@code delay}
 * µs apart.
 */
public final class Slicer extends ToxicDescriptor {
  public static final Attr AVERAGE_SIZE = Attr.requiredBytes("average_size");
  public static final Attr SIZE_VARIATION = Attr.bytes("size_variation");
  public static final Attr DELAY = Attr.microseconds("delay");

  public Slicer() {
    super(ToxicType.SLICER, SlicerEffect::new, AVERAGE_SIZE, SIZE_VARIATION, DELAY);
  }

  @Override
  protected void crossCheck(Map<String, ?> given, Map<String, Object> out) {
    long avg = (Long) out.get(AVERAGE_SIZE.name());
    long var = (Long) out.get(SIZE_VARIATION.name());
    if (avg < 1) {
      throw new IllegalArgumentException(
          "slicer toxic: attribute 'average_size' must be >= 1 byte, was " + avg);
    }
    if (var >= avg) {
      throw new IllegalArgumentException(
          "slicer toxic: attribute 'size_variation' must be smaller than average_size ("
              + avg
              + "), was "
              + var);
    }
  }
}
