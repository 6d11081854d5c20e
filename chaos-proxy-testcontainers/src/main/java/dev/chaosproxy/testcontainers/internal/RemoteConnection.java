package dev.chaosproxy.testcontainers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.ConnectionControl;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.ChaosHandle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** {@link ConnectionControl} for one live connection through a proxy in a chaos-proxy container. */
final class RemoteConnection extends ChaosHandle<ConnectionControl> implements ConnectionControl {
  /** What every view of one connection shares: the API, the id and the last snapshot seen. */
  static final class Target {
    final ControlClient client;
    final String id;
    final String proxy;
    volatile ConnectionInfo last;

    Target(ControlClient client, ConnectionInfo info) {
      this.client = client;
      this.id = info.id();
      this.proxy = info.proxy();
      this.last = info;
    }
  }

  private final Target target;

  RemoteConnection(Target target) {
    this.target = target;
  }

  private RemoteConnection(Target target, Set<Direction> directions, double toxicity) {
    super(directions, toxicity);
    this.target = target;
  }

  @Override
  protected ConnectionControl self() {
    return this;
  }

  @Override
  protected ConnectionControl view(Set<Direction> directions, double toxicity) {
    return new RemoteConnection(target, directions, toxicity);
  }

  /** GET the connection's own toxics, apply {@code change}, PUT them back at once. */
  @Override
  protected List<Toxic> update(UnaryOperator<List<Toxic>> change) {
    List<Toxic> before = current();
    List<Toxic> next = List.copyOf(change.apply(new ArrayList<>(before)));
    return Wire.toxicList(call("PUT", Wire.toxics(next), "toxics"));
  }

  @Override
  protected List<Toxic> current() {
    return List.copyOf(Wire.toxicList(call("GET", null, "toxics")));
  }

  @Override
  protected void injectNow(Direction direction, byte[] bytes) {
    ObjectNode body = Wire.MAPPER.createObjectNode()
        .put("stream", direction.wireName())
        .put("data_base64", Base64.getEncoder().encodeToString(bytes));
    call("POST", body, "inject");
  }

  @Override
  protected String describe() {
    return "connection " + target.id + " of proxy '" + target.proxy + "'";
  }

  @Override
  public String id() {
    return target.id;
  }

  /** The connection now; once it has ended, the last snapshot seen, in state {@code closed}. */
  @Override
  public ConnectionInfo info() {
    JsonNode json = target.client.get(target.client.url("connections", target.id), message -> null);
    if (json == null) {
      ConnectionInfo ended = Wire.ended(target.last);
      target.last = ended;
      return ended;
    }
    ConnectionInfo info = Wire.connection(json);
    target.last = info;
    return info;
  }

  @Override
  public boolean isOpen() {
    return !info().state().equals("closed");
  }

  /** Resets the connection; one that has ended already is left alone. */
  @Override
  public void kill(String reason) {
    target.client.call("DELETE", ControlClient.query(target.client.url("connections", target.id), "reason", reason),
        null, message -> null);
  }

  @Override
  public ConnectionControl reset() {
    call("PUT", Wire.MAPPER.createArrayNode(), "toxics");
    return this;
  }

  /** {@code method} on {@code /connections/{id}/segments...}; a 404 means the connection has ended. */
  private JsonNode call(String method, JsonNode body, String... segments) {
    String[] path = new String[segments.length + 2];
    path[0] = "connections";
    path[1] = target.id;
    System.arraycopy(segments, 0, path, 2, segments.length);
    return target.client.call(method, target.client.url(path), body, message -> message.startsWith("connection not found")
        ? new IllegalStateException("connection " + target.id + " on proxy '" + target.proxy + "' has ended (" + message + ")")
        : new IllegalArgumentException(message));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteConnection && ((RemoteConnection) o).target.id.equals(target.id)
        && ((RemoteConnection) o).target.client == target.client
        && ((RemoteConnection) o).directions.equals(directions) && ((RemoteConnection) o).toxicity == toxicity;
  }

  @Override
  public int hashCode() {
    return target.id.hashCode();
  }

  @Override
  public String toString() {
    ConnectionInfo i = target.last;
    return "ConnectionControl[" + i.id() + " " + i.client() + " -> " + i.proxy() + " " + i.state() + scopeSuffix() + "]";
  }
}
