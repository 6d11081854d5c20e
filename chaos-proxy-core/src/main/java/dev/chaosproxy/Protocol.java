package dev.chaosproxy;

import java.util.Locale;

/**
 * What a proxy understands of the bytes it relays. Every proxy relays bytes as they come; an {@link
 * #HTTP} proxy also follows the HTTP/1.1 requests and responses on each connection, so that HTTP
 * faults ({@code http_*} toxics, {@link Chaos#http()}) can pick requests by method, path and
 * header.
 */
public enum Protocol {
  /** Bytes only: the TCP toxics. */
  TCP("tcp"),
  /**
   * HTTP/1.1 (keep-alive, pipelining, chunked and Content-Length bodies, 100-continue); the TCP
   * toxics work too. Bytes it cannot read as HTTP/1.1 (TLS, HTTP/2, a malformed head) pass as raw
   * TCP, counted in the metrics.
   */
  HTTP("http");

  private final String wireName;

  Protocol(String wireName) {
    this.wireName = wireName;
  }

  /** {@code tcp} or {@code http}. */
  public String wireName() {
    return wireName;
  }

  /** Parses {@code tcp} or {@code http}, in any case. */
  public static Protocol parse(String text) {
    if (text != null) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      for (Protocol p : values()) if (p.wireName.equals(t)) return p;
    }
    throw new IllegalArgumentException(
        "unknown protocol '" + text + "'; valid protocols: tcp, http");
  }
}
