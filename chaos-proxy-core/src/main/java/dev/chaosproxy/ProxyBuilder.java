package dev.chaosproxy;

import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.Names;
import dev.chaosproxy.internal.relay.Settings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Describes a proxy to start on a {@link ChaosEngine}: where it listens, where it forwards, its
 * initial chaos.
 */
public final class ProxyBuilder {

  private final ChaosEngine engine;
  private final String name;
  private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
  private String upstream;
  private boolean enabled = true;
  private final List<Toxic> toxics = new ArrayList<>();
  private Long seed;
  private DataSize bufferSize;
  private DataSize latencyBudget;
  private Duration connectTimeout;
  private Protocol protocol = Protocol.TCP;

  ProxyBuilder(ChaosEngine engine, String name) {
    Names.check("proxy", name);
    this.engine = engine;
    this.name = name;
  }

  /**
   * Listens on {@code host:port} ({@code :port}: every interface); port 0 picks a free one (default
   * {@code 127.0.0.1:0}).
   */
  public ProxyBuilder listen(String hostPort) {
    this.listen = HostPort.listen(hostPort);
    return this;
  }

  /** Listens on {@code 127.0.0.1:port}; port 0 picks a free one. */
  public ProxyBuilder listen(int port) {
    if (port < 0 || port > 65535)
      throw new IllegalArgumentException("listen port must be between 0 and 65535, was " + port);
    this.listen = new InetSocketAddress("127.0.0.1", port);
    return this;
  }

  /**
   * Forwards to {@code host:port}, resolved at each connect. Unset, clients are reset until {@link
   * ProxyControl#retarget}.
   */
  public ProxyBuilder upstream(String hostPort) {
    HostPort.upstream(hostPort);
    this.upstream = hostPort.trim();
    return this;
  }

  /** Starts the proxy down (not listening) when false; {@link ProxyControl#up()} brings it up. */
  public ProxyBuilder enabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /** Starts the proxy with this toxic in place, so no connection ever sees it without. */
  public ProxyBuilder toxic(Toxic toxic) {
    Objects.requireNonNull(toxic, "toxic");
    toxics.add(toxic);
    return this;
  }

  /** This proxy's own seed (default: derived from the engine's seed and the proxy's name). */
  public ProxyBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** See {@link ChaosEngine.Builder#bufferSize}. */
  public ProxyBuilder bufferSize(DataSize size) {
    this.bufferSize = ChaosEngine.checkBufferSize(size);
    return this;
  }

  /** See {@link ChaosEngine.Builder#latencyBudget}. */
  public ProxyBuilder latencyBudget(DataSize size) {
    this.latencyBudget = Objects.requireNonNull(size, "latencyBudget");
    return this;
  }

  /** See {@link ChaosEngine.Builder#connectTimeout}. */
  public ProxyBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = ChaosEngine.checkConnectTimeout(timeout);
    return this;
  }

  /**
   * Makes it an HTTP proxy: it follows the HTTP/1.1 requests and responses on each connection, so
   * that HTTP faults ({@link Chaos#http()}) can act on them; every byte still passes as it came
   * unless a fault acts. {@code protocol(Protocol.HTTP)}.
   */
  public ProxyBuilder http() {
    return protocol(Protocol.HTTP);
  }

  /** What the proxy understands of the bytes it relays (default {@link Protocol#TCP}). */
  public ProxyBuilder protocol(Protocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    return this;
  }

  /**
   * Starts listening and returns the handle.
   *
   * @throws IllegalArgumentException if a proxy of this name exists, or two toxics share a name
   * @throws java.io.UncheckedIOException if the address cannot be bound (in use, not local)
   */
  public ProxyControl start() {
    Set<String> names = new HashSet<>();
    for (Toxic t : toxics) {
      if (!names.add(t.name()))
        throw new IllegalArgumentException("two toxics are named '" + t.name() + "'");
    }
    ChaosEngine.Defaults d = engine.defaults();
    Settings settings =
        new Settings(
            (bufferSize != null ? bufferSize : d.bufferSize).bytes(),
            latencyBudget != null
                ? latencyBudget.bytes()
                : d.latencyBudget != null ? d.latencyBudget.bytes() : -1,
            connectTimeout != null ? connectTimeout : d.connectTimeout,
            protocol);
    return engine.start(name, listen, upstream, enabled, toxics, settings, seed);
  }
}
