package dev.chaosproxy;

/**
 * An amount of data in bytes. {@code KB} and {@code MB} are decimal (1000), {@code KiB} and {@code
 * MiB} binary (1024), as in {@code throttle(DataSize.ofKiB(10))}: ten KiB per second.
 */
public final class DataSize implements Comparable<DataSize> {
  private final long bytes;

  private DataSize(long bytes) {
    if (bytes < 0)
      throw new IllegalArgumentException("a data size must be >= 0 bytes, was " + bytes);
    this.bytes = bytes;
  }

  public static DataSize ofBytes(long bytes) {
    return new DataSize(bytes);
  }

  public static DataSize ofKB(long kilobytes) {
    return new DataSize(Math.multiplyExact(kilobytes, 1000L));
  }

  public static DataSize ofMB(long megabytes) {
    return new DataSize(Math.multiplyExact(megabytes, 1000_000L));
  }

  public static DataSize ofKiB(long kibibytes) {
    return new DataSize(Math.multiplyExact(kibibytes, 1024L));
  }

  public static DataSize ofMiB(long mebibytes) {
    return new DataSize(Math.multiplyExact(mebibytes, 1024L * 1024L));
  }

  /** Parses {@code 512}, {@code 64B}, {@code 10KB}, {@code 10KiB}, {@code 1MB}, {@code 4MiB}. */
  public static DataSize parse(String text) {
    String t = text == null ? "" : text.trim();
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) i++;
    if (i == 0) throw badSize(text);
    long n;
    try {
      n = Long.parseLong(t.substring(0, i));
    } catch (NumberFormatException e) {
      throw badSize(text);
    }
    String unit = t.substring(i).trim();
    switch (unit) {
      case "":
      case "B":
        return ofBytes(n);
      case "KB":
      case "kB":
        return ofKB(n);
      case "MB":
        return ofMB(n);
      case "KiB":
        return ofKiB(n);
      case "MiB":
        return ofMiB(n);
      default:
        throw badSize(text);
    }
  }

  private static IllegalArgumentException badSize(String text) {
    return new IllegalArgumentException(
        "a data size is a whole number with an optional unit B, KB, MB, KiB or MiB, was '"
            + text
            + "'");
  }

  public long bytes() {
    return bytes;
  }

  @Override
  public int compareTo(DataSize o) {
    return Long.compare(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataSize && ((DataSize) o).bytes == bytes;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bytes);
  }

  @Override
  public String toString() {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return bytes / (1024 * 1024) + "MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return bytes / 1024 + "KiB";
    return bytes + "B";
  }
}
