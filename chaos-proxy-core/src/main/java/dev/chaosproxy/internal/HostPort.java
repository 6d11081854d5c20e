package dev.chaosproxy.internal;

import java.net.InetSocketAddress;

/** Reads listen addresses: {@code host:port}, {@code [v6]:port}, or {@code :port} for every interface. */
public final class HostPort {
  private HostPort() {}

  /**
   * The address {@code text} names, resolved, with a port in 0..65535 (0: a free one).
   *
   * @throws IllegalArgumentException saying what a listen address looks like, or that the host
   *     does not resolve
   */
  public static InetSocketAddress listen(String text) {
    String s = text == null ? "" : text.trim();
    if (s.startsWith(":")) s = "0.0.0.0" + s;
    int colon = s.lastIndexOf(':');
    int port = -1;
    if (colon > 0) {
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (colon <= 0 || port < 0 || port > 65535) {
      throw new IllegalArgumentException("a listen address is host:port with a port between 0 and 65535 (0 picks a free one),"
          + " like 127.0.0.1:8080 or :8080 (every interface), was '" + text + "'");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    InetSocketAddress a = new InetSocketAddress(host, port);
    if (a.isUnresolved()) throw new IllegalArgumentException("cannot resolve the listen host '" + host + "'");
    return a;
  }

  /** The host part of a listen address as written ({@code localhost} of {@code localhost:8474}), without brackets; empty for {@code :port}. */
  public static String host(String text) {
    String s = text == null ? "" : text.trim();
    int colon = s.lastIndexOf(':');
    String host = colon < 0 ? s : s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    return host;
  }
}
