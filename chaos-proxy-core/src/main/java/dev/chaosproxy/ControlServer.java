package dev.chaosproxy;

import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.Version;
import dev.chaosproxy.internal.api.ApiServer;
import dev.chaosproxy.internal.api.http.Limits;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The REST control API for an engine's proxies: Toxiproxy's endpoints (so toxiproxy-java and other
 * Toxiproxy clients work unchanged) and the native ones (connections, per-connection toxics,
 * metrics). The standalone jar runs one; in-process code may start one on demand.
 *
 * <pre>{@code
 * try (ControlServer api = ControlServer.builder(engine).listen("127.0.0.1:8474").start()) {
 *   // curl http://127.0.0.1:8474/proxies
 * }
 * }</pre>
 */
public final class ControlServer implements AutoCloseable {
  private final ApiServer server;

  private ControlServer(ApiServer server) {
    this.server = server;
  }

  /** Starts describing a control server for {@code engine}. */
  public static Builder builder(ChaosEngine engine) {
    return new Builder(Objects.requireNonNull(engine, "engine"));
  }

  /** The address it listens on, with the real port when it was asked for port 0. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** {@code http://127.0.0.1:8474}. */
  public URI uri() {
    InetSocketAddress a = server.address();
    String host =
        a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return URI.create("http://" + HostPort.format(host, a.getPort()));
  }

  /** Stops serving; the engine and its proxies are left running. */
  @Override
  public void close() {
    server.close();
  }

  /** Configures a {@link ControlServer}. */
  public static final class Builder {
    private final ChaosEngine engine;
    private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 0);
    private String listenHost;
    private String token;
    private final List<String> allowedHosts = new ArrayList<>();
    private final List<String> allowedOrigins = new ArrayList<>();

    private Builder(ChaosEngine engine) {
      this.engine = engine;
    }

    /**
     * Listens on {@code host:port} (default {@code 127.0.0.1:0}, a free port). Proxies created
     * through the API without a listen address listen on this host.
     */
    public Builder listen(String hostPort) {
      try {
        this.listen = HostPort.listen(hostPort);
        this.listenHost = HostPort.host(hostPort);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the control API address: " + e.getMessage(), e);
      }
      return this;
    }

    /** Requires {@code Authorization: Bearer <token>} on every call; others get 401. */
    public Builder token(String token) {
      if (token == null || token.isBlank())
        throw new IllegalArgumentException("an API token must not be empty");
      this.token = token;
      return this;
    }

    /**
     * Also answers requests whose {@code Host} names {@code host} (a container's network alias,
     * say); {@code *} answers any. Loopback names, IP addresses and the name given to {@link
     * #listen} are always answered; other names get 403, as a guard against DNS rebinding.
     */
    public Builder allowHost(String host) {
      if (host == null || host.isBlank() || host.contains("/") || host.contains(" ")) {
        throw new IllegalArgumentException(
            "an allowed host is a host name without port or scheme (or *), was '" + host + "'");
      }
      allowedHosts.add(host.strip());
      return this;
    }

    /**
     * Serves requests that carry {@code Origin: origin} (a web page at {@code http://host:port});
     * {@code *} serves any. Requests from other web pages get 403.
     */
    public Builder allowOrigin(String origin) {
      if (origin == null || origin.isBlank())
        throw new IllegalArgumentException("an allowed origin must not be empty");
      allowedOrigins.add(origin.strip());
      return this;
    }

    /**
     * Starts serving.
     *
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    public ControlServer start() {
      ApiServer.Config config =
          new ApiServer.Config(token, allowedHosts, allowedOrigins, Limits.DEFAULT);
      return new ControlServer(ApiServer.start(engine, listen, listenHost, config, Version.get()));
    }
  }
}
