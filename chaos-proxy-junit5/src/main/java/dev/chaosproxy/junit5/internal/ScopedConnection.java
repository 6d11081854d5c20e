package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.ConnectionControl;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.Toxic;
import java.time.Duration;
import java.util.List;

/** A connection of a {@link ScopedProxy}: reports the proxy under the test's name for it. */
final class ScopedConnection implements ConnectionControl {
  private final ConnectionControl delegate;
  private final String proxyName;

  ScopedConnection(ConnectionControl delegate, String proxyName) {
    this.delegate = delegate;
    this.proxyName = proxyName;
  }

  private ConnectionControl view(ConnectionControl v) {
    return new ScopedConnection(v, proxyName);
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public ConnectionInfo info() {
    return ScopedProxy.rename(delegate.info(), proxyName);
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public void kill(String reason) {
    delegate.kill(reason);
  }

  @Override
  public ConnectionControl reset() {
    delegate.reset();
    return this;
  }

  @Override
  public ConnectionControl upstream() {
    return view(delegate.upstream());
  }

  @Override
  public ConnectionControl downstream() {
    return view(delegate.downstream());
  }

  @Override
  public ConnectionControl toxicity(double fraction) {
    return view(delegate.toxicity(fraction));
  }

  @Override
  public ConnectionControl delay(Duration latency) {
    delegate.delay(latency);
    return this;
  }

  @Override
  public ConnectionControl delay(Duration latency, Duration jitter) {
    delegate.delay(latency, jitter);
    return this;
  }

  @Override
  public ConnectionControl throttle(DataSize perSecond) {
    delegate.throttle(perSecond);
    return this;
  }

  @Override
  public ConnectionControl slice(DataSize size) {
    delegate.slice(size);
    return this;
  }

  @Override
  public ConnectionControl slice(DataSize averageSize, DataSize variation, Duration pause) {
    delegate.slice(averageSize, variation, pause);
    return this;
  }

  @Override
  public ConnectionControl corrupt(double probability) {
    delegate.corrupt(probability);
    return this;
  }

  @Override
  public ConnectionControl flipBits(double probability) {
    delegate.flipBits(probability);
    return this;
  }

  @Override
  public ConnectionControl terminate(double probability) {
    delegate.terminate(probability);
    return this;
  }

  @Override
  public ConnectionControl stall(double probability, Duration pause) {
    delegate.stall(probability, pause);
    return this;
  }

  @Override
  public ConnectionControl timeout(Duration after) {
    delegate.timeout(after);
    return this;
  }

  @Override
  public ConnectionControl blackhole() {
    delegate.blackhole();
    return this;
  }

  @Override
  public ConnectionControl resetPeer(Duration after) {
    delegate.resetPeer(after);
    return this;
  }

  @Override
  public ConnectionControl slowClose(Duration delay) {
    delegate.slowClose(delay);
    return this;
  }

  @Override
  public ConnectionControl limitData(DataSize limit) {
    delegate.limitData(limit);
    return this;
  }

  @Override
  public ConnectionControl sessionLimit(Duration lifetime) {
    delegate.sessionLimit(lifetime);
    return this;
  }

  @Override
  public ConnectionControl inject(byte[] bytes) {
    delegate.inject(bytes);
    return this;
  }

  @Override
  public ConnectionControl add(Toxic toxic) {
    delegate.add(toxic);
    return this;
  }

  @Override
  public ConnectionControl put(Toxic toxic) {
    delegate.put(toxic);
    return this;
  }

  @Override
  public ConnectionControl remove(String name) {
    delegate.remove(name);
    return this;
  }

  @Override
  public ConnectionControl clear() {
    delegate.clear();
    return this;
  }

  @Override
  public List<Toxic> toxics() {
    return delegate.toxics();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
