package dev.chaosproxy.internal;

import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.ConnectionControl;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.relay.ConnectionRef;
import java.util.List;
import java.util.function.UnaryOperator;

/** {@link ConnectionControl} for a connection through a proxy in this process. */
public final class ConnectionHandle extends ChaosHandle<ConnectionControl>
    implements ConnectionControl {
  private final ConnectionRef connection;

  /** The proxy's name as {@link ProxyHandle#named} reports it, or null for the engine's. */
  private final String proxyName;

  public ConnectionHandle(ConnectionRef connection) {
    this(connection, null);
  }

  ConnectionHandle(ConnectionRef connection, String proxyName) {
    this(connection, Scope.ALL, proxyName);
  }

  private ConnectionHandle(ConnectionRef connection, Scope scope, String proxyName) {
    super(scope);
    this.connection = connection;
    this.proxyName = proxyName;
  }

  /** {@code info} with {@code proxyName} for its proxy's. */
  static ConnectionInfo renamed(ConnectionInfo i, String proxyName) {
    return new ConnectionInfo(
        i.id(),
        proxyName,
        i.client(),
        i.upstream(),
        i.opened(),
        i.bytesUpstream(),
        i.bytesDownstream(),
        i.toxics(),
        i.state());
  }

  @Override
  protected ConnectionControl self() {
    return this;
  }

  @Override
  protected ConnectionControl view(Scope scope) {
    return new ConnectionHandle(connection, scope, proxyName);
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
    ConnectionInfo i = connection.info();
    return proxyName == null ? i : renamed(i, proxyName);
  }

  @Override
  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public List<ChaosEvent> events() {
    return connection.events();
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
    return describeConnection(info());
  }
}
