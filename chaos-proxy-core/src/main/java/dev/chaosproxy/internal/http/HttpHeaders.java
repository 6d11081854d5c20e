package dev.chaosproxy.internal.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A message's header fields in arrival order, looked up by name in any case. Immutable. */
public final class HttpHeaders {
  static final HttpHeaders EMPTY = new HttpHeaders(new String[0], new String[0], 0);

  private final String[] names;
  private final String[] values;
  private final int size;

  HttpHeaders(String[] names, String[] values, int size) {
    this.names = names;
    this.values = values;
    this.size = size;
  }

  /** How many fields the message carried. */
  public int size() {
    return size;
  }

  /** The name of field {@code i}, as it was sent. */
  public String name(int i) {
    return names[checkIndex(i)];
  }

  /** The value of field {@code i}, without surrounding whitespace. */
  public String value(int i) {
    return values[checkIndex(i)];
  }

  /** The value of the first field called {@code name} in any case, or null. */
  public String get(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(name)) return values[i];
    }
    return null;
  }

  /** The values of every field called {@code name} in any case, in order. */
  public List<String> values(String name) {
    List<String> out = new ArrayList<>(2);
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(name)) out.add(values[i]);
    }
    return out;
  }

  /**
   * Whether a field called {@code name} lists {@code token} among its comma-separated elements, in
   * any case (as {@code Connection: keep-alive, Upgrade} lists {@code upgrade}).
   */
  public boolean hasToken(String name, String token) {
    for (int i = 0; i < size; i++) {
      if (!names[i].equalsIgnoreCase(name)) continue;
      for (String element : values[i].split(",", -1)) {
        if (element.trim().equalsIgnoreCase(token)) return true;
      }
    }
    return false;
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("header index " + i + " out of 0.." + (size - 1));
    }
    return i;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < size; i++) b.append(names[i]).append(": ").append(values[i]).append('\n');
    return b.toString();
  }

  /** Collects fields up to the tracker's limit. */
  static final class Builder {
    private String[] names = new String[8];
    private String[] values = new String[8];
    private int size;

    int size() {
      return size;
    }

    void add(String name, String value) {
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      names[size] = name;
      values[size] = value;
      size++;
    }

    /** Continues the last field's value with an obsolete folded line. */
    void fold(String more) {
      values[size - 1] = values[size - 1] + " " + more;
    }

    HttpHeaders build() {
      return size == 0 ? EMPTY : new HttpHeaders(names, values, size);
    }
  }
}
