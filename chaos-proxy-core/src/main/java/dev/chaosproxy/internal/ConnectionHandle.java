package dev.chaosproxy.internal;

import dev.chaosproxy.ConnectionControl;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.relay.ConnectionRef;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** {@link ConnectionControl} for a connection through a proxy in this process. */
public final class ConnectionHandle extends ChaosHandle<ConnectionControl> implements ConnectionControl {
  private final ConnectionRef connection;

  public ConnectionHandle(ConnectionRef connection) {
    this.connection = connection;
  }

  private ConnectionHandle(ConnectionRef connection, Set<Direction> directions, double toxicity) {
    super(directions, toxicity);
    this.connection = connection;
  }

  @Override
  protected ConnectionControl self() {
    return this;
  }

  @Override
  protected ConnectionControl view(Set<Direction> directions, double toxicity) {
    return new ConnectionHandle(connection, directions, toxicity);
  }

  @Override
  protected List<Toxic> update(UnaryOperator<List<Toxic>> change) {
    return connection.updateOwnToxics(change);
  }

  @Override
  protected List<Toxic> current() {
    return connection.ownToxics();
  }

  @Override
  protected void injectNow(Direction direction, byte[] bytes) {
    connection.inject(direction, bytes);
  }

  @Override
  protected String describe() {
    return "connection " + connection.id() + " of proxy '" + connection.proxyName() + "'";
  }

  @Override
  public String id() {
    return connection.id();
  }

  @Override
  public ConnectionInfo info() {
    return connection.info();
  }

  @Override
  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public void kill(String reason) {
    connection.kill(reason);
  }

  @Override
  public ConnectionControl reset() {
    connection.updateOwnToxics(list -> List.of());
    return this;
  }

  @Override
  public String toString() {
    ConnectionInfo i = connection.info();
    return "ConnectionControl[" + i.id() + " " + i.client() + " -> " + i.proxy() + " " + i.state() + scopeSuffix() + "]";
  }
}
