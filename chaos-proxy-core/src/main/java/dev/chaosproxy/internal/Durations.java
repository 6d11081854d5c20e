package dev.chaosproxy.internal;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Durations in messages, written as chaos strings write them ({@code -5ms}, {@code 1.5s}), not as
 * ISO-8601 ({@code PT-0.005S}).
 */
public final class Durations {
  private static final String[] UNITS = {"m", "s", "ms", "us"};
  private static final long[] NANOS = {60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};

  private Durations() {}

  /**
   * {@code d} in the largest unit of {@code m}, {@code s}, {@code ms}, {@code us} that holds it
   * whole ({@code 90s}, {@code 250ms}, {@code -5ms}), else in microseconds with a fraction ({@code
   * 0.5us}); zero is {@code 0}.
   */
  public static String show(Duration d) {
    if (d == null) return "null";
    if (d.isZero()) return "0";
    BigDecimal nanos =
        BigDecimal.valueOf(d.getSeconds())
            .scaleByPowerOfTen(9)
            .add(BigDecimal.valueOf(d.getNano()));
    for (int i = 0; i < UNITS.length; i++) {
      BigDecimal[] qr = nanos.divideAndRemainder(BigDecimal.valueOf(NANOS[i]));
      if (qr[1].signum() == 0) return qr[0].toPlainString() + UNITS[i];
    }
    return nanos.movePointLeft(3).stripTrailingZeros().toPlainString() + "us";
  }
}
