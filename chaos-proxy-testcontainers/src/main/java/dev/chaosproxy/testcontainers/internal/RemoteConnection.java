package dev.chaosproxy.testcontainers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.ConnectionControl;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.Toxic;
import java.util.ArrayList;
import java.util.List;

/** {@link ConnectionControl} for one live connection through a proxy in a chaos-proxy container. */
final class RemoteConnection extends RemoteChaos<ConnectionControl> implements ConnectionControl {
  /** What every view of one connection shares: the API, the id and the last snapshot seen. */
  static final class Remote extends RemoteChaos.Seen {
    final ControlClient client;
    final String id;
    final String proxy;
    volatile ConnectionInfo last;

    Remote(ControlClient client, ConnectionInfo info) {
      this.client = client;
      this.id = info.id();
      this.proxy = info.proxy();
      this.last = info;
    }

    /** Records the connection as {@code GET /connections/{id}} shows it; returns it. */
    ConnectionInfo saw(JsonNode json) {
      ConnectionInfo info = Wire.connection(json);
      last = info;
      List<Toxic> own = Wire.ownToxics(json);
      if (own != null) toxics = own;
      return info;
    }
  }

  private final Remote remote;

  RemoteConnection(Remote remote) {
    this.remote = remote;
  }

  private RemoteConnection(Remote remote, Scope scope) {
    super(scope);
    this.remote = remote;
  }

  @Override
  protected ConnectionControl self() {
    return this;
  }

  @Override
  protected ConnectionControl view(Scope scope) {
    return new RemoteConnection(remote, scope);
  }

  @Override
  protected String describe() {
    return "connection " + remote.id + " of proxy '" + remote.proxy + "'";
  }

  @Override
  public String id() {
    return remote.id;
  }

  /** The connection now; once it has ended, the last snapshot seen, in state {@code closed}. */
  @Override
  public ConnectionInfo info() {
    JsonNode json =
        remote.client.get(remote.client.url("connections", remote.id), (code, message) -> null);
    if (json == null) {
      ConnectionInfo ended = Wire.ended(remote.last);
      remote.last = ended;
      return ended;
    }
    return remote.saw(json);
  }

  @Override
  public List<ChaosEvent> events() {
    JsonNode json =
        remote.client.get(
            remote.client.url("proxies", remote.proxy, "events"), (code, message) -> null);
    List<ChaosEvent> out = new ArrayList<>();
    if (json == null) return out; // the proxy is gone
    for (ChaosEvent e : Wire.events(json)) if (e.connection().equals(remote.id)) out.add(e);
    return out;
  }

  @Override
  public boolean isOpen() {
    return !info().state().equals("closed");
  }

  /** Resets the connection; one that has ended already is left alone. */
  @Override
  public void kill(String reason) {
    remote.client.call(
        "DELETE",
        ControlClient.query(remote.client.url("connections", remote.id), "reason", reason),
        null,
        (code, message) -> null);
  }

  @Override
  public ConnectionControl reset() {
    call("PUT", Wire.MAPPER.createArrayNode(), "toxics");
    return this;
  }

  @Override
  JsonNode readToxics() {
    return remote.client.get(
        remote.client.url("connections", remote.id, "toxics"), (code, message) -> null);
  }

  @Override
  Seen seen() {
    return remote;
  }

  /**
   * As in-process: nothing to write to a live connection is nothing to do; to an ended one, an
   * error.
   */
  @Override
  void injectNothing() {
    call("GET", null);
  }

  /**
   * {@code method} on {@code /connections/{id}/segments...}; a 404 means the connection has ended.
   */
  @Override
  JsonNode call(String method, JsonNode body, String... segments) {
    String[] path = new String[segments.length + 2];
    path[0] = "connections";
    path[1] = remote.id;
    System.arraycopy(segments, 0, path, 2, segments.length);
    return remote.client.call(
        method,
        remote.client.url(path),
        body,
        (code, message) ->
            code.equals("connection_not_found")
                ? new IllegalStateException(
                    "connection "
                        + remote.id
                        + " on proxy '"
                        + remote.proxy
                        + "' has ended ("
                        + message
                        + ")")
                : new IllegalArgumentException(message));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteConnection c
        && c.remote.id.equals(remote.id)
        && c.remote.client == remote.client
        && sameScope(c);
  }

  @Override
  public int hashCode() {
    return remote.id.hashCode();
  }

  /**
   * As in-process, from the last snapshot seen ({@code info()} refreshes it): no call to the API.
   */
  @Override
  public String toString() {
    return describeConnection(remote.last);
  }
}
