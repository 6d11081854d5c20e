package dev.chaosproxy.internal.api.http;

import dev.chaosproxy.internal.Durations;
import java.time.Duration;

/**
 * What one client may cost the server: how long each part of a request may take to arrive, how
 * large it may be, and how many connections may be open at once (past that, the oldest idle one is
 * closed, as HAProxy's {@code timeout http-request} and {@code maxconn} do).
 *
 * @param headerTimeout from a request's first byte until its headers are complete
 * @param bodyTimeout from the end of the headers until the body is complete
 * @param idleTimeout how long a connection with no request in progress stays open
 * @param writeTimeout how long a client may take to read an answer
 * @param maxConnections open connections; one more closes the oldest idle one
 * @param maxHeaderLine bytes of one header line (the request line may be as long); more is a 431
 *     (414)
 * @param maxHeaderBytes bytes of the whole header section; more is a 431
 * @param maxHeaders header fields; more is a 431
 * @param maxBody bytes of a request body; more is a 413
 */
public record Limits(
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration idleTimeout,
    Duration writeTimeout,
    int maxConnections,
    int maxHeaderLine,
    int maxHeaderBytes,
    int maxHeaders,
    int maxBody) {

  /** The control API's limits. */
  public static final Limits DEFAULT =
      new Limits(
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          512,
          16 * 1024,
          64 * 1024,
          100,
          1024 * 1024);

  public Limits {
    for (Duration d : new Duration[] {headerTimeout, bodyTimeout, idleTimeout, writeTimeout}) {
      if (d.isNegative() || d.isZero())
        throw new IllegalArgumentException(
            "API timeouts must be positive, was " + Durations.show(d));
    }
    if (maxConnections < 1
        || maxHeaderLine < 64
        || maxHeaderBytes < maxHeaderLine
        || maxHeaders < 1
        || maxBody < 0) {
      throw new IllegalArgumentException(
          "API limits out of range: "
              + maxConnections
              + " connections, "
              + maxHeaderLine
              + "/"
              + maxHeaderBytes
              + " header bytes, "
              + maxHeaders
              + " headers, "
              + maxBody
              + " body bytes");
    }
  }

  /** These limits with other timeouts, for tests. */
  public Limits withTimeouts(Duration header, Duration body, Duration idle) {
    return new Limits(
        header,
        body,
        idle,
        writeTimeout,
        maxConnections,
        maxHeaderLine,
        maxHeaderBytes,
        maxHeaders,
        maxBody);
  }

  /** These limits with another connection cap, for tests. */
  public Limits withMaxConnections(int n) {
    return new Limits(
        headerTimeout,
        bodyTimeout,
        idleTimeout,
        writeTimeout,
        n,
        maxHeaderLine,
        maxHeaderBytes,
        maxHeaders,
        maxBody);
  }
}
