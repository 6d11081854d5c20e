package dev.chaosproxy;

import java.util.List;

/**
 * The handle to one live connection: its own chaos (on top of the proxy's), its details, and a way
 * to kill it. A toxic of the connection replaces the proxy's toxic of the same name on this
 * connection, so {@code proxy.delay(100ms)} then {@code connection.delay(500ms)} delays this
 * connection by 500 ms, not 600. Calls on a connection that has ended fail with {@link
 * IllegalStateException}.
 */
public interface ConnectionControl extends Chaos<ConnectionControl> {

  /** The connection's id, unique within the process. */
  String id();

  /** A snapshot of the connection: addresses, bytes, chaos, state. */
  ConnectionInfo info();

  /** Whether the connection is still live. */
  boolean isOpen();

  /** Resets the connection (RST to both peers) and logs {@code reason}. Idempotent. */
  void kill(String reason);

  /** What fired on this connection, oldest first: its part of its proxy's events. */
  List<ChaosEvent> events();

  /** Removes this connection's own toxics (the proxy's still apply). */
  ConnectionControl reset();
}
