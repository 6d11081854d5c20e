package dev.chaosproxy.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The one place that reads and writes {@code host:port}: listen addresses ({@code host:port},
 * {@code [v6]:port}, {@code :port} for every interface), upstreams, and addresses in messages.
 */
public final class HostPort {
  private HostPort() {}

  /**
   * {@code text} split at its last colon, brackets taken off the host: {@code host} is empty when
   * there is none, {@code port} -1 when it is missing or not a number. Checks nothing else.
   */
  public record Parts(String host, int port) {}

  public static Parts split(String text) {
    String s = text == null ? "" : text.trim();
    int colon = s.lastIndexOf(':');
    String host = colon < 0 ? s : s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    int port = -1;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    return new Parts(host, port);
  }

  /**
   * An upstream, {@code host:port} (or {@code [v6]:port}) with a port in 1..65535, not resolved.
   *
   * @throws IllegalArgumentException saying what an address looks like
   */
  public static InetSocketAddress upstream(String text) {
    String s = text == null ? "" : text.trim();
    Parts p = s.lastIndexOf(':') > 0 ? split(s) : new Parts("", -1);
    if (p.host().isEmpty() || p.host().contains(" ")) {
      throw new IllegalArgumentException(
          "an address is host:port, like localhost:6379 or [::1]:6379, was '" + text + "'");
    }
    if (p.port() < 1 || p.port() > 65535) {
      throw new IllegalArgumentException("the port in '" + text + "' must be between 1 and 65535");
    }
    return InetSocketAddress.createUnresolved(p.host(), p.port());
  }

  /** {@code 127.0.0.1:8080}, {@code [::1]:8080}; {@code -} for null. */
  public static String format(InetSocketAddress a) {
    if (a == null) return "-";
    InetAddress ip = a.getAddress();
    return format(ip == null ? a.getHostString() : ip.getHostAddress(), a.getPort());
  }

  /** {@code host:port}, an IPv6 host in brackets. */
  public static String format(String host, int port) {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * The address {@code text} names, resolved, with a port in 0..65535 (0: a free one).
   *
   * @throws IllegalArgumentException saying what a listen address looks like, or that the host does
   *     not resolve
   */
  public static InetSocketAddress listen(String text) {
    String s = text == null ? "" : text.trim();
    if (s.startsWith(":")) s = "0.0.0.0" + s;
    Parts p = split(s);
    if (s.lastIndexOf(':') <= 0 || p.port() < 0 || p.port() > 65535) {
      throw new IllegalArgumentException(
          "a listen address is host:port with a port between 0 and 65535 (0 picks a free one),"
              + " like 127.0.0.1:8080 or :8080 (every interface), was '"
              + text
              + "'");
    }
    InetSocketAddress a = new InetSocketAddress(p.host(), p.port());
    if (a.isUnresolved())
      throw new IllegalArgumentException("cannot resolve the listen host '" + p.host() + "'");
    return a;
  }

  /**
   * The host part of a listen address as written ({@code localhost} of {@code localhost:8474}),
   * without brackets; empty for {@code :port}.
   */
  public static String host(String text) {
    return split(text).host();
  }
}
