package dev.chaosproxy.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles and number formatting. */
final class Stats {
  private Stats() {}

  /** The {@code p}-th percentile (0..100, nearest rank) of {@code values}; sorts a copy. */
  static long percentile(long[] values, double p) {
    if (values.length == 0) throw new IllegalArgumentException("no values");
    long[] s = values.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
  }

  static double median(long[] values) {
    long[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
  }

  static String micros(double nanos) {
    double us = nanos / 1000.0;
    return us < 100 ? fmt("%.1f", us) : fmt("%,.0f", us);
  }

  static String millis(double nanos) {
    return fmt("%.2f", nanos / 1e6);
  }

  /** Bytes per second as MB/s (10^6). */
  static String mbps(double bytesPerSecond) {
    double mb = bytesPerSecond / 1e6;
    return mb >= 100 ? fmt("%,.0f", mb) : mb >= 10 ? fmt("%.1f", mb) : fmt("%.2f", mb);
  }

  static String mib(double bytes) {
    return fmt("%.1f", bytes / (1024.0 * 1024.0));
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
