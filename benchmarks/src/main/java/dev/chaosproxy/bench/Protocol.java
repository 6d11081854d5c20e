package dev.chaosproxy.bench;

/**
 * The tiny wire protocol between the load generator and {@link UpstreamServer}: the first byte a
 * client sends picks what the server does with the connection. One upstream port thus serves every
 * scenario, so each proxy needs only one listener and one upstream.
 */
final class Protocol {
  /** Echo every byte after this one back. */
  static final byte ECHO = 'E';

  /** Read and discard everything (bulk client → server); the server counts the bytes. */
  static final byte SINK = 'S';

  /** Write bytes as fast as the client reads them (bulk server → client). */
  static final byte SOURCE = 'R';

  private Protocol() {}
}
