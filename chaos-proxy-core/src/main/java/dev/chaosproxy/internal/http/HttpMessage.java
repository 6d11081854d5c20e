package dev.chaosproxy.internal.http;

/**
 * What a request and a response share: where the message lies in its direction's stream (absolute
 * byte offsets from the connection's first byte that way), its version, headers and framing.
 * Offsets not yet known are -1. Loop thread only.
 */
public abstract class HttpMessage {
  /** How the end of a message's body is found. */
  public enum Framing {
    /** No body: the message ends with its head. */
    NONE,
    /** {@code Content-Length} bytes after the head. */
    LENGTH,
    /** Chunked transfer coding, up to the end of the last chunk's trailer section. */
    CHUNKED,
    /** A response body that ends when the server closes the connection. */
    UNTIL_EOF
  }

  long headStart = -1;
  long headEnd = -1;
  long bodyEnd = -1;
  long contentLength = -1;
  Framing framing = Framing.NONE;
  String version;
  HttpHeaders headers = HttpHeaders.EMPTY;
  boolean keepAlive;

  HttpMessage() {}

  /** The offset of the head's first byte (the request or status line). */
  public long headStart() {
    return headStart;
  }

  /** The offset just past the blank line that ends the head: the body's first byte. */
  public long headEnd() {
    return headEnd;
  }

  /** The offset just past the message's last byte, once it has passed; -1 before. */
  public long bodyEnd() {
    return bodyEnd;
  }

  /**
   * Where the body will end: {@link #bodyEnd()} once known, else the head's end plus the declared
   * {@code Content-Length}, else -1 (chunked or until EOF, still streaming).
   */
  public long expectedBodyEnd() {
    if (bodyEnd >= 0) return bodyEnd;
    if (framing == Framing.NONE) return headEnd;
    if (framing == Framing.LENGTH) return headEnd + contentLength;
    return -1;
  }

  /** The declared {@code Content-Length}, or -1 when the body is framed otherwise. */
  public long contentLength() {
    return contentLength;
  }

  /** How the body's end is found. */
  public Framing framing() {
    return framing;
  }

  /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
  public String version() {
    return version;
  }

  /** The header fields. */
  public HttpHeaders headers() {
    return headers;
  }

  /**
   * Whether the sender means to keep the connection open after this message: HTTP/1.1 without
   * {@code Connection: close}, or HTTP/1.0 with {@code Connection: keep-alive}.
   */
  public boolean keepAlive() {
    return keepAlive;
  }
}
