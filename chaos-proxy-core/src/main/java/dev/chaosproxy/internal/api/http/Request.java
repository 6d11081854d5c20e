package dev.chaosproxy.internal.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One parsed HTTP/1.x request: its line, its header fields in order, and its whole body. */
public final class Request {
  private final String method;
  private final String target;
  private final int minorVersion;
  private final List<String[]> headers;
  private final byte[] body;

  Request(String method, String target, int minorVersion, List<String[]> headers, byte[] body) {
    this.method = method;
    this.target = target;
    this.minorVersion = minorVersion;
    this.headers = headers;
    this.body = body;
  }

  public String method() {
    return method;
  }

  /** The request target as sent: {@code /proxies/a%20b?x=1}. */
  public String target() {
    return target;
  }

  /** The raw path of the target (still percent-encoded), without the query. */
  public String rawPath() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The raw query of the target, or null when it has none. */
  public String rawQuery() {
    int q = target.indexOf('?');
    return q < 0 ? null : target.substring(q + 1);
  }

  /** {@code HTTP/1.0} or {@code HTTP/1.1}. */
  public String version() {
    return "HTTP/1." + minorVersion;
  }

  /** The first value of the header {@code name} (any case), or null. */
  public String header(String name) {
    for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return h[1];
    return null;
  }

  /** Every value of the header {@code name}, in order. */
  public List<String> headers(String name) {
    List<String> out = new ArrayList<>(1);
    for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) out.add(h[1]);
    return out;
  }

  public byte[] body() {
    return body;
  }

  /**
   * Whether the connection stays open after the answer (HTTP/1.1 unless {@code close}; 1.0 only
   * with {@code keep-alive}).
   */
  boolean keepAlive() {
    boolean close = false;
    boolean keep = false;
    for (String v : headers("Connection")) {
      for (String token : v.split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (t.equals("close")) close = true;
        if (t.equals("keep-alive")) keep = true;
      }
    }
    return !close && (minorVersion >= 1 || keep);
  }

  @Override
  public String toString() {
    return method + " " + target;
  }
}
