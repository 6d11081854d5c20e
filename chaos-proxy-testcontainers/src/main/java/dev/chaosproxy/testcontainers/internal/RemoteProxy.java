package dev.chaosproxy.testcontainers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.ConnectionControl;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.ProxyMetrics;
import dev.chaosproxy.Schedule;
import dev.chaosproxy.ScheduleControl;
import dev.chaosproxy.internal.HostPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link ProxyControl} for a proxy in a chaos-proxy container, over its REST API. Clients reach it
 * at the container's host and the mapped port of the proxy's listen port.
 */
public final class RemoteProxy extends RemoteChaos<ProxyControl> implements ProxyControl {
  /** How often {@link #awaitConnections} asks. */
  private static final long POLL_NANOS = 10_000_000;

  /** What every view of one proxy shares. */
  public static final class Remote extends RemoteChaos.Seen {
    final ControlClient client;
    final String name;
    final String host;
    final int port;
    final int listenPort;
    final long seed;
    final Runnable onClose;
    volatile boolean closed;

    /** The last state seen through the API: what reads answer once the proxy is closed. */
    volatile String upstream;

    volatile boolean enabled = true;
    volatile ProxyMetrics metrics;

    /** What the proxy understands of the bytes, as the API last showed it. */
    volatile dev.chaosproxy.Protocol protocol = dev.chaosproxy.Protocol.TCP;

    /**
     * The proxy {@code name} of the API {@code client}, listening on {@code listenPort} in the
     * container, which the host reaches at {@code host:port}; {@code onClose} runs once it is
     * deleted.
     */
    public Remote(
        ControlClient client,
        String name,
        String host,
        int port,
        int listenPort,
        long seed,
        Runnable onClose) {
      this.client = client;
      this.name = name;
      this.host = host;
      this.port = port;
      this.listenPort = listenPort;
      this.seed = seed;
      this.onClose = onClose;
    }

    /**
     * Records the proxy as the API shows it ({@code GET /proxies/{name}}); returns {@code json}.
     */
    public JsonNode saw(JsonNode json) {
      if (json == null || !json.isObject()) return json;
      if (json.has("upstream")) {
        String u = json.path("upstream").asText("");
        upstream = u.isEmpty() ? null : u;
      }
      if (json.has("enabled")) enabled = json.path("enabled").asBoolean();
      if (json.has("protocol"))
        protocol = dev.chaosproxy.Protocol.parse(json.path("protocol").asText());
      if (json.path("toxics").isArray()) toxics = List.copyOf(Wire.toxicList(json.path("toxics")));
      return json;
    }
  }

  private final Remote remote;

  public RemoteProxy(Remote remote) {
    this.remote = remote;
  }

  private RemoteProxy(Remote remote, Scope scope) {
    super(scope);
    this.remote = remote;
  }

  /**
   * The port the proxy listens on inside the container: what containers on its network connect to.
   */
  public int listenPort() {
    return remote.listenPort;
  }

  /** Whether {@link #close()} was called on this proxy (or a view of it). */
  public boolean isClosed() {
    return remote.closed;
  }

  // ---- ChaosHandle ----

  @Override
  protected ProxyControl self() {
    return this;
  }

  @Override
  protected ProxyControl view(Scope scope) {
    return new RemoteProxy(remote, scope);
  }

  @Override
  protected String describe() {
    return "proxy '" + remote.name + "'";
  }

  // ---- ProxyControl ----

  @Override
  public String name() {
    return remote.name;
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress(remote.host, remote.port);
  }

  @Override
  public String host() {
    return remote.host;
  }

  @Override
  public int port() {
    return remote.port;
  }

  /** The upstream; once closed, the last one seen. */
  @Override
  public String target() {
    if (!remote.closed) remote.saw(call("GET", null));
    return remote.upstream;
  }

  @Override
  public dev.chaosproxy.Protocol protocol() {
    return remote.protocol;
  }

  /** Checked here as in-process (same messages), so that a bad address never reaches the API. */
  @Override
  public ProxyControl retarget(String hostPort) {
    checkOpen();
    HostPort.upstream(hostPort);
    JsonNode json = call("PATCH", Wire.MAPPER.createObjectNode().put("upstream", hostPort.trim()));
    if (json == null) remote.upstream = hostPort.trim();
    remote.saw(json);
    return this;
  }

  /** Whether it is up; a closed proxy is not. */
  @Override
  public boolean enabled() {
    if (remote.closed) return false;
    return remote.saw(call("GET", null)).path("enabled").asBoolean();
  }

  @Override
  public ProxyControl down() {
    remote.saw(call("PATCH", Wire.MAPPER.createObjectNode().put("enabled", false)));
    remote.enabled = false;
    return this;
  }

  @Override
  public ProxyControl up() {
    remote.saw(call("PATCH", Wire.MAPPER.createObjectNode().put("enabled", true)));
    remote.enabled = true;
    return this;
  }

  @Override
  public ProxyControl slowConnect(Duration delay) {
    return slowConnectToxic(delay);
  }

  @Override
  public ProxyControl reset() {
    call("POST", null, "reset");
    remote.toxics = List.of();
    remote.enabled = true;
    return this;
  }

  @Override
  public ScheduleControl schedule(Schedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    return new RemoteSchedule(remote, call("POST", RemoteSchedule.json(schedule), "schedules"));
  }

  /** The schedules; a closed proxy has none. */
  @Override
  public List<ScheduleControl> schedules() {
    if (remote.closed) return List.of();
    List<ScheduleControl> out = new java.util.ArrayList<>();
    for (JsonNode json : call("GET", null, "schedules")) out.add(new RemoteSchedule(remote, json));
    return out;
  }

  @Override
  public ScheduleControl schedule(String name) {
    Objects.requireNonNull(name, "name");
    checkOpen();
    if (!ControlClient.isPathSegment(name)) {
      throw new IllegalArgumentException(
          "no schedule named '" + name + "' on proxy '" + remote.name + "'");
    }
    JsonNode json =
        remote.client.get(
            remote.client.url("proxies", remote.name, "schedules", name),
            (code, message) ->
                code.equals("proxy_not_found")
                    ? closedMeanwhile(code, message)
                    : new IllegalArgumentException(message));
    return new RemoteSchedule(remote, json);
  }

  /** The live connections; a closed proxy has none. */
  @Override
  public List<ConnectionInfo> connections() {
    if (remote.closed) return List.of();
    return Wire.connections(call("GET", null, "connections"));
  }

  @Override
  public List<ConnectionInfo> awaitConnections(int count, Duration timeout) {
    if (count < 0) throw new IllegalArgumentException("count must be >= 0, was " + count);
    Objects.requireNonNull(timeout, "timeout");
    if (count > 0) checkOpen(); // a closed proxy gets no connections: waiting would only time out
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ConnectionInfo> live = connections();
      if (live.size() >= count) return live;
      if (System.nanoTime() - deadline >= 0) {
        throw tooFewConnections(remote.name, live.size(), count, timeout);
      }
      LockSupport.parkNanos(Math.min(POLL_NANOS, Math.max(0, deadline - System.nanoTime())));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for connections");
      }
    }
  }

  @Override
  public ConnectionControl connection(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    if (id.isBlank() || !ControlClient.isPathSegment(id)) {
      // Never a connection's id (the API numbers them), and no URL names it: asking would ask for
      // another path.
      throw new IllegalArgumentException(
          "proxy '"
              + remote.name
              + "' has no live connection '"
              + id
              + "': connection ids are numbers, like those connections() lists");
    }
    JsonNode json =
        remote.client.get(
            remote.client.url("connections", id),
            (code, message) ->
                new IllegalArgumentException(
                    "proxy '" + remote.name + "' has no live connection '" + id + "': " + message));
    ConnectionInfo info = json == null || !json.isObject() ? null : Wire.connection(json);
    if (info == null || !info.id().equals(id)) {
      throw new IllegalArgumentException(
          "proxy '"
              + remote.name
              + "' has no live connection '"
              + id
              + "': the API answered "
              + (json == null ? "nothing" : Wire.text(json)));
    }
    if (!info.proxy().equals(remote.name)) {
      throw new IllegalArgumentException(
          "proxy '"
              + remote.name
              + "' has no live connection '"
              + id
              + "': it is a connection of proxy '"
              + info.proxy()
              + "'");
    }
    RemoteConnection.Remote connection = new RemoteConnection.Remote(remote.client, info);
    connection.saw(json);
    return new RemoteConnection(connection);
  }

  @Override
  public int killAll(String reason) {
    checkOpen();
    JsonNode json =
        remote.client.call(
            "DELETE",
            ControlClient.query(
                remote.client.url("proxies", remote.name, "connections"), "reason", reason),
            null,
            this::closedMeanwhile);
    return json == null ? 0 : json.path("killed").asInt();
  }

  @Override
  public List<ChaosEvent> events() {
    return Wire.events(call("GET", null, "events"));
  }

  /** The counters; once closed, the last ones seen (read as it closed). */
  @Override
  public ProxyMetrics metrics() {
    if (remote.closed && remote.metrics != null) return remote.metrics;
    ProxyMetrics m = Wire.metrics(call("GET", null, "metrics"));
    remote.metrics = m;
    return m;
  }

  @Override
  public long seed() {
    return remote.seed;
  }

  /**
   * Deletes the proxy in the container; idempotent. Its state and counters are read first, so that
   * reads on the closed handle answer from them, as an in-process proxy's do.
   */
  @Override
  public synchronized void close() {
    if (remote.closed) return;
    try {
      remote.saw(
          remote.client.get(remote.client.url("proxies", remote.name), (code, message) -> null));
      JsonNode metrics =
          remote.client.get(
              remote.client.url("proxies", remote.name, "metrics"), (code, message) -> null);
      if (metrics != null) remote.metrics = Wire.metrics(metrics);
    } catch (RuntimeException e) {
      // the last state seen before is what there is; closing goes on
    }
    remote.client.call(
        "DELETE", remote.client.url("proxies", remote.name), null, (code, message) -> null);
    remote.enabled = false;
    remote.closed = true;
    remote.onClose.run();
  }

  // ---- calls ----

  /** {@code method} on {@code /proxies/{name}/segments...}; a 404 means the proxy is gone. */
  @Override
  JsonNode readToxics() {
    return remote.closed ? null : call("GET", null, "toxics");
  }

  @Override
  Seen seen() {
    return remote;
  }

  /**
   * Nothing to write to a proxy's live connections: in-process does nothing either, closed or not.
   */
  @Override
  void injectNothing() {}

  @Override
  JsonNode call(String method, JsonNode body, String... segments) {
    checkOpen();
    String[] path = new String[segments.length + 2];
    path[0] = "proxies";
    path[1] = remote.name;
    System.arraycopy(segments, 0, path, 2, segments.length);
    return remote.client.call(method, remote.client.url(path), body, this::closedMeanwhile);
  }

  private RuntimeException closedMeanwhile(String code, String message) {
    // The proxy is known to exist (this handle was made for it): a 404 says it was deleted since.
    return code.equals("proxy_not_found")
        ? proxyClosed(remote.name, "the container no longer has it (" + message + ")")
        : new IllegalArgumentException(message);
  }

  private void checkOpen() {
    checkProxyOpen(remote.closed, remote.name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteProxy r && r.remote == remote && sameScope(r);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(remote);
  }

  /**
   * Like in-process: name, the address clients use, the upstream (the last seen: no call to the
   * API), then where it is in the container and whether it is down or closed.
   */
  @Override
  public String toString() {
    return describeProxy(
        remote.name,
        HostPort.format(remote.host, remote.port),
        remote.upstream,
        " (container port " + remote.listenPort + ", API " + remote.client.baseUrl() + ")",
        remote.closed,
        remote.enabled);
  }
}
