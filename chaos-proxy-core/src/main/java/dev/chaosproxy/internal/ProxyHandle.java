package dev.chaosproxy.internal;

import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.ConnectionControl;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.Direction;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.ProxyMetrics;
import dev.chaosproxy.Schedule;
import dev.chaosproxy.ScheduleControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.relay.LocalProxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** {@link ProxyControl} for a proxy in this process. */
public final class ProxyHandle extends ChaosHandle<ProxyControl> implements ProxyControl {
  private final LocalProxy proxy;

  /** The name this handle reports, when not the engine's ({@link #named}); null otherwise. */
  private final String displayName;

  public ProxyHandle(LocalProxy proxy) {
    this(proxy, Scope.ALL, null);
  }

  private ProxyHandle(LocalProxy proxy, Scope scope, String displayName) {
    super(scope);
    this.proxy = proxy;
    this.displayName = displayName;
  }

  /**
   * This proxy under {@code displayName}: what {@link #name()}, metrics, connections and {@link
   * #toString()} report. The JUnit extension hands out its engine proxies, whose own names are made
   * unique across tests running at once ({@code db:FooTest.bar}), under the declared name; error
   * messages keep the engine's name, which is the one in the logs.
   */
  public ProxyHandle named(String displayName) {
    return new ProxyHandle(proxy, scope, Objects.requireNonNull(displayName, "displayName"));
  }

  @Override
  protected ProxyControl self() {
    return this;
  }

  @Override
  protected ProxyControl view(Scope scope) {
    return new ProxyHandle(proxy, scope, displayName);
  }

  @Override
  protected List<Toxic> update(UnaryOperator<List<Toxic>> change) {
    return proxy.updateToxics(change);
  }

  @Override
  protected List<Toxic> current() {
    return proxy.toxicList();
  }

  @Override
  protected void injectNow(Direction direction, byte[] bytes) {
    if (bytes.length == 0) return; // nothing to write, open or closed
    checkOpen();
    proxy.injectAll(direction, bytes);
  }

  @Override
  protected String describe() {
    return "proxy '" + proxy.name() + "'";
  }

  @Override
  public String name() {
    return displayName != null ? displayName : proxy.name();
  }

  @Override
  public InetSocketAddress address() {
    return proxy.boundAddress();
  }

  @Override
  public String host() {
    InetAddress ip = proxy.boundAddress().getAddress();
    if (ip == null) return proxy.boundAddress().getHostString();
    if (ip.isAnyLocalAddress()) return "127.0.0.1";
    return ip.getHostAddress();
  }

  @Override
  public int port() {
    return proxy.boundAddress().getPort();
  }

  @Override
  public String target() {
    return proxy.target();
  }

  @Override
  public dev.chaosproxy.Protocol protocol() {
    return proxy.protocol();
  }

  @Override
  public ProxyControl retarget(String hostPort) {
    proxy.retarget(hostPort);
    return this;
  }

  @Override
  public boolean enabled() {
    return proxy.enabled();
  }

  @Override
  public ProxyControl down() {
    proxy.disable();
    return this;
  }

  @Override
  public ProxyControl up() {
    proxy.enable();
    return this;
  }

  @Override
  public ProxyControl slowConnect(Duration delay) {
    return slowConnectToxic(delay);
  }

  @Override
  public ProxyControl reset() {
    proxy.schedules().stopAll();
    proxy.updateToxics(list -> List.of());
    proxy.clearConnectionToxics();
    proxy.enable();
    return this;
  }

  @Override
  public ScheduleControl schedule(Schedule schedule) {
    return proxy.schedules().start(schedule);
  }

  @Override
  public List<ScheduleControl> schedules() {
    return proxy.schedules().list();
  }

  @Override
  public ScheduleControl schedule(String name) {
    Objects.requireNonNull(name, "name");
    return proxy.schedules().get(name);
  }

  @Override
  public List<ConnectionInfo> connections() {
    return renamed(proxy.connectionInfos());
  }

  @Override
  public List<ConnectionInfo> awaitConnections(int count, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (count > 0) checkOpen(); // a closed proxy gets no connections: waiting would only time out
    return renamed(proxy.awaitConnections(count, timeout));
  }

  private List<ConnectionInfo> renamed(List<ConnectionInfo> infos) {
    return displayName == null
        ? infos
        : infos.stream().map(i -> ConnectionHandle.renamed(i, displayName)).toList();
  }

  @Override
  public ConnectionControl connection(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return new ConnectionHandle(proxy.connection(id), displayName);
  }

  @Override
  public int killAll(String reason) {
    checkOpen();
    return proxy.killAll(reason);
  }

  private void checkOpen() {
    checkProxyOpen(proxy.isClosed(), proxy.name());
  }

  @Override
  public List<ChaosEvent> events() {
    return proxy.timeline().since(0);
  }

  @Override
  public ProxyMetrics metrics() {
    ProxyMetrics m = proxy.metrics();
    return displayName == null
        ? m
        : new ProxyMetrics(
            displayName,
            m.connectionsActive(),
            m.connectionsTotal(),
            m.bytesUpstream(),
            m.bytesDownstream(),
            m.receivedUpstream(),
            m.receivedDownstream(),
            m.upstreamFailures(),
            m.faults(),
            m.http());
  }

  @Override
  public long seed() {
    return proxy.seed();
  }

  @Override
  public void close() {
    proxy.close();
  }

  /** The engine-side proxy, for the project's own modules (REST server, JUnit extension). */
  public LocalProxy local() {
    return proxy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxyHandle h && h.proxy == proxy && sameScope(h);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(proxy);
  }

  @Override
  public String toString() {
    return describeProxy(
        name(),
        HostPort.format(proxy.boundAddress()),
        proxy.target(),
        "",
        proxy.isClosed(),
        proxy.enabled());
  }
}
