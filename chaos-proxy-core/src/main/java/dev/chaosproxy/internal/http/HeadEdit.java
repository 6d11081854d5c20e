package dev.chaosproxy.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Rewrites a message head's header fields: some removed, some set. The start line is kept. */
public final class HeadEdit {
  /** Fields a fault may not change: they frame the body, which the proxy forwards as it came. */
  public static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding");

  private HeadEdit() {}

  /**
   * {@code head} (a whole head, blank line included, possibly after empty lines) with every field
   * named in {@code remove} or {@code set} (any case) removed and {@code set}'s fields added before
   * the blank line. Removing or setting a framing field is refused when the toxic is made, so it is
   * not checked here.
   */
  public static byte[] apply(byte[] head, Set<String> remove, Map<String, String> set) {
    String text = new String(head, StandardCharsets.ISO_8859_1);
    Set<String> drop = new java.util.HashSet<>();
    for (String r : remove) drop.add(r.toLowerCase(Locale.ROOT));
    for (String s : set.keySet()) drop.add(s.toLowerCase(Locale.ROOT));
    StringBuilder out = new StringBuilder(text.length() + 64);
    int at = 0;
    boolean first = true;
    boolean dropping = false;
    while (at < text.length()) {
      int lf = text.indexOf('\n', at);
      if (lf < 0) lf = text.length() - 1;
      String line = text.substring(at, lf + 1);
      String bare = line.endsWith("\r\n") ? line.substring(0, line.length() - 2) : line.strip();
      at = lf + 1;
      if (first) {
        out.append(line);
        if (!bare.isEmpty()) first = false; // empty lines before the start line are kept
        continue;
      }
      if (bare.isEmpty()) {
        for (Map.Entry<String, String> e : set.entrySet()) {
          out.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        }
        out.append(line);
        out.append(text, at, text.length());
        break;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') { // a folded continuation
        if (!dropping) out.append(line);
        continue;
      }
      int colon = bare.indexOf(':');
      String name = colon < 0 ? bare : bare.substring(0, colon);
      dropping = drop.contains(name.toLowerCase(Locale.ROOT));
      if (!dropping) out.append(line);
    }
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
