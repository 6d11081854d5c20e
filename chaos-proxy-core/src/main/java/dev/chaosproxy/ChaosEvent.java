package dev.chaosproxy;

import java.time.Instant;

/**
 * A toxic fired on a connection: the first time each toxic acted on each connection (a delay
 * applied, a reset sent, a connection refused), as the proxy's timeline keeps it.
 *
 * @param sequence numbers the proxy's events from 1, in the order they happened
 * @param time when it fired
 * @param proxy the proxy's name
 * @param connection the connection's id
 * @param connectionNumber the connection's place in the proxy's accept order, from 1
 * @param toxic the toxic's name
 * @param type the toxic's type
 * @param direction the direction it acted on
 * @param offset how many bytes had passed on that direction when it fired (for a trigger's offset
 *     or pattern, exactly where it fired; for an HTTP fault, where the request's head starts)
 * @param request for an HTTP fault, the request it acted on: {@code GET /search?q=x #3} (method,
 *     target, its number on the connection from 1); null for the other toxics
 */
public record ChaosEvent(
    long sequence,
    Instant time,
    String proxy,
    String connection,
    long connectionNumber,
    String toxic,
    ToxicType type,
    Direction direction,
    long offset,
    String request) {

  /**
   * {@code #3 14:02:11.123 c7 (connection 2) reset_peer_downstream reset_peer downstream @4096}.
   */
  @Override
  public String toString() {
    return "#"
        + sequence
        + " "
        + time
        + " connection "
        + connectionNumber
        + " ("
        + connection
        + ") "
        + toxic
        + " "
        + type.wireName()
        + " "
        + direction.wireName()
        + (request == null ? " at byte " + offset : " on " + request);
  }
}
