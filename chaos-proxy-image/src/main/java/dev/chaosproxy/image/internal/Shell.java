package dev.chaosproxy.image.internal;

import java.util.List;

/** Bash assignments the script {@code eval}s: values single-quoted, so nothing in them expands. */
final class Shell {
  private Shell() {}

  /** {@code value} single-quoted for bash. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** {@code name='value'} and a newline. */
  static String assign(String name, String value) {
    return name + "=" + quote(value) + "\n";
  }

  /** {@code name=('a' 'b')} and a newline. */
  static String assignArray(String name, List<String> values) {
    StringBuilder s = new StringBuilder(name).append("=(");
    for (int i = 0; i < values.size(); i++)
      s.append(i == 0 ? "" : " ").append(quote(values.get(i)));
    return s.append(")\n").toString();
  }
}
