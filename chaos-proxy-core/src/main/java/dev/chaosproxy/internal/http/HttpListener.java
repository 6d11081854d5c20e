package dev.chaosproxy.internal.http;

import dev.chaosproxy.Direction;

/**
 * Told by an {@link HttpTracker} about each message as it passes, at the feed call that carried the
 * boundary. Offsets are absolute in the message's direction ({@code UPSTREAM} for requests); a flow
 * that got the boundary in the chunk starting at offset {@code s} finds it at index {@code offset -
 * s}. Every method runs on the loop thread inside {@code feed}: it must not feed the tracker again.
 */
public interface HttpListener {
  /** A request's head has passed: its line, headers and {@link HttpRequest#headEnd()} are known. */
  default void requestHead(HttpRequest request) {}

  /** A request's body has passed: {@link HttpRequest#bodyEnd()} is known. */
  default void requestEnd(HttpRequest request) {}

  /** A response's head has passed (interim 1xx ones too), paired with its request. */
  default void responseHead(HttpResponse response) {}

  /** A response's body has passed: {@link HttpResponse#bodyEnd()} is known. */
  default void responseEnd(HttpResponse response) {}

  /**
   * Bytes {@code [from, to)} of {@code direction} are body content: a Content-Length body, a
   * chunk's data (not its size line or CRLF), or a body read until the close.
   */
  default void content(Direction direction, long from, long to) {}

  /**
   * From {@code offset} on, {@code direction} carries another protocol (after a {@code 101
   * Switching Protocols} or a successful {@code CONNECT}): the tracker reports nothing more that
   * way. Said once per direction.
   */
  default void passthrough(Direction direction, long offset, String reason) {}

  /**
   * The tracker could not read {@code direction} at {@code offset} and stopped tracking both
   * directions: everything passes as raw TCP from here. Said once per connection.
   */
  default void gaveUp(Direction direction, long offset, String reason) {}

  /**
   * {@code direction} ended at {@code offset} while tracked; {@code midMessage} when it stopped
   * inside a head or a body that needed more bytes.
   */
  default void endOfStream(Direction direction, long offset, boolean midMessage) {}
}
