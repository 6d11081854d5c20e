package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.ConnectionControl;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.ProxyMetrics;
import dev.chaosproxy.Toxic;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@link ProxyControl} a test receives: the engine's proxy under the name the test declared.
 * The engine holds proxies of tests running at the same time, so its own name for the proxy is
 * made unique ({@code db:FooTest.bar}); that name appears only in logs and error messages.
 */
final class ScopedProxy implements ProxyControl {
  private final ProxyControl delegate;
  private final String name;

  ScopedProxy(ProxyControl delegate, String name) {
    this.delegate = delegate;
    this.name = name;
  }

  private ProxyControl view(ProxyControl v) {
    return new ScopedProxy(v, name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public InetSocketAddress address() {
    return delegate.address();
  }

  @Override
  public String host() {
    return delegate.host();
  }

  @Override
  public int port() {
    return delegate.port();
  }

  @Override
  public String target() {
    return delegate.target();
  }

  @Override
  public ProxyControl retarget(String hostPort) {
    delegate.retarget(hostPort);
    return this;
  }

  @Override
  public boolean enabled() {
    return delegate.enabled();
  }

  @Override
  public ProxyControl down() {
    delegate.down();
    return this;
  }

  @Override
  public ProxyControl up() {
    delegate.up();
    return this;
  }

  @Override
  public ProxyControl slowConnect(Duration delay) {
    delegate.slowConnect(delay);
    return this;
  }

  @Override
  public ProxyControl reset() {
    delegate.reset();
    return this;
  }

  @Override
  public List<ConnectionInfo> connections() {
    return rename(delegate.connections(), name);
  }

  @Override
  public List<ConnectionInfo> awaitConnections(int count, Duration timeout) {
    return rename(delegate.awaitConnections(count, timeout), name);
  }

  @Override
  public ConnectionControl connection(String id) {
    return new ScopedConnection(delegate.connection(id), name);
  }

  @Override
  public int killAll(String reason) {
    return delegate.killAll(reason);
  }

  @Override
  public ProxyMetrics metrics() {
    ProxyMetrics m = delegate.metrics();
    return new ProxyMetrics(name, m.connectionsActive(), m.connectionsTotal(), m.bytesUpstream(), m.bytesDownstream(),
        m.receivedUpstream(), m.receivedDownstream(), m.upstreamFailures(), m.faults());
  }

  @Override
  public long seed() {
    return delegate.seed();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public ProxyControl upstream() {
    return view(delegate.upstream());
  }

  @Override
  public ProxyControl downstream() {
    return view(delegate.downstream());
  }

  @Override
  public ProxyControl toxicity(double fraction) {
    return view(delegate.toxicity(fraction));
  }

  @Override
  public ProxyControl delay(Duration latency) {
    delegate.delay(latency);
    return this;
  }

  @Override
  public ProxyControl delay(Duration latency, Duration jitter) {
    delegate.delay(latency, jitter);
    return this;
  }

  @Override
  public ProxyControl throttle(DataSize perSecond) {
    delegate.throttle(perSecond);
    return this;
  }

  @Override
  public ProxyControl slice(DataSize size) {
    delegate.slice(size);
    return this;
  }

  @Override
  public ProxyControl slice(DataSize averageSize, DataSize variation, Duration pause) {
    delegate.slice(averageSize, variation, pause);
    return this;
  }

  @Override
  public ProxyControl corrupt(double probability) {
    delegate.corrupt(probability);
    return this;
  }

  @Override
  public ProxyControl flipBits(double probability) {
    delegate.flipBits(probability);
    return this;
  }

  @Override
  public ProxyControl terminate(double probability) {
    delegate.terminate(probability);
    return this;
  }

  @Override
  public ProxyControl stall(double probability, Duration pause) {
    delegate.stall(probability, pause);
    return this;
  }

  @Override
  public ProxyControl timeout(Duration after) {
    delegate.timeout(after);
    return this;
  }

  @Override
  public ProxyControl blackhole() {
    delegate.blackhole();
    return this;
  }

  @Override
  public ProxyControl resetPeer(Duration after) {
    delegate.resetPeer(after);
    return this;
  }

  @Override
  public ProxyControl slowClose(Duration delay) {
    delegate.slowClose(delay);
    return this;
  }

  @Override
  public ProxyControl limitData(DataSize limit) {
    delegate.limitData(limit);
    return this;
  }

  @Override
  public ProxyControl sessionLimit(Duration lifetime) {
    delegate.sessionLimit(lifetime);
    return this;
  }

  @Override
  public ProxyControl inject(byte[] bytes) {
    delegate.inject(bytes);
    return this;
  }

  @Override
  public ProxyControl add(Toxic toxic) {
    delegate.add(toxic);
    return this;
  }

  @Override
  public ProxyControl put(Toxic toxic) {
    delegate.put(toxic);
    return this;
  }

  @Override
  public ProxyControl remove(String toxicName) {
    delegate.remove(toxicName);
    return this;
  }

  @Override
  public ProxyControl clear() {
    delegate.clear();
    return this;
  }

  @Override
  public List<Toxic> toxics() {
    return delegate.toxics();
  }

  static List<ConnectionInfo> rename(List<ConnectionInfo> list, String name) {
    return list.stream().map(c -> rename(c, name)).collect(Collectors.toUnmodifiableList());
  }

  static ConnectionInfo rename(ConnectionInfo c, String name) {
    return new ConnectionInfo(c.id(), name, c.client(), c.upstream(), c.opened(), c.bytesUpstream(), c.bytesDownstream(),
        c.toxics(), c.state());
  }

  @Override
  public String toString() {
    String d = delegate.toString();
    String engineName = delegate.name();
    return d.replace("[" + engineName + " ", "[" + name + " ");
  }
}
