package dev.chaosproxy.internal.api;

import java.util.List;
import java.util.Locale;

/**
 * Which {@code Host} headers the API answers, against DNS rebinding (a web page whose own name has
 * been pointed at 127.0.0.1): IP literals (a page cannot rebind an address), loopback names ({@code
 * localhost}, {@code *.localhost}), and the names it was given ({@code *} for any).
 */
final class HostPolicy {
  private final List<String> names;
  private final boolean any;

  HostPolicy(List<String> names) {
    this.names = names.stream().map(HostPolicy::normalize).toList();
    this.any = this.names.contains("*");
  }

  boolean allows(String hostHeader) {
    if (any) return true;
    String h = hostHeader.strip();
    if (h.startsWith("[")) return h.indexOf(']') > 0; // an IPv6 literal
    int colon = h.lastIndexOf(':');
    if (colon >= 0 && h.indexOf(':') == colon) h = h.substring(0, colon);
    String host = normalize(h);
    if (host.isEmpty()) return false;
    if (isIpv4(host)) return true;
    if (host.equals("localhost") || host.endsWith(".localhost")) return true;
    return names.contains(host);
  }

  /** Lower case, without a trailing dot or brackets. */
  static String normalize(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
    if (n.startsWith("[") && n.endsWith("]")) n = n.substring(1, n.length() - 1);
    return n;
  }

  private static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) return false;
    for (String p : parts) {
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(Character::isDigit)
          || Integer.parseInt(p) > 255) return false;
    }
    return true;
  }
}
