package dev.chaosproxy.internal.relay;

import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A thread-safe reference to one connection: each call runs on the connection's loop. */
public final class ConnectionRef {
  private final Connection c;

  ConnectionRef(Connection c) {
    this.c = c;
  }

  /** The connection itself, for tests in this package; touch it on its loop only. */
  Connection connection() {
    return c;
  }

  public String id() {
    return c.id;
  }

  public String proxyName() {
    return c.proxy.name;
  }

  public ConnectionInfo info() {
    return c.info();
  }

  /** Its proxy's events on this connection. */
  public List<dev.chaosproxy.ChaosEvent> events() {
    List<dev.chaosproxy.ChaosEvent> out = new java.util.ArrayList<>();
    for (dev.chaosproxy.ChaosEvent e : c.proxy.timeline.since(0)) {
      if (e.connection().equals(c.id)) out.add(e);
    }
    return out;
  }

  public boolean isOpen() {
    return c.isOpen();
  }

  /** Why it ended, or null while it is live. */
  public String endReason() {
    return c.endReason();
  }

  public void kill(String reason) {
    c.loop.call(
        () -> {
          c.abort("killed: " + reason);
          return null;
        });
  }

  /** The toxics acting on it: the proxy's that apply to it (per toxicity), then its own. */
  public List<Toxic> activeToxics() {
    return c.activeToxics();
  }

  public List<Toxic> ownToxics() {
    return c.ownSnapshot();
  }

  public List<Toxic> updateOwnToxics(UnaryOperator<List<Toxic>> change) {
    return c.loop.call(
        () -> {
          List<Toxic> next = List.copyOf(change.apply(new ArrayList<>(c.ownToxics())));
          c.setOwnToxics(next);
          return next;
        });
  }

  public void inject(Direction direction, byte[] bytes) {
    c.loop.call(
        () -> {
          if (c.closed)
            throw new IllegalStateException("connection " + c.id + " has ended: " + c.endReason());
          c.inject(direction, bytes);
          return null;
        });
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionRef && ((ConnectionRef) o).c == c;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(c);
  }
}
