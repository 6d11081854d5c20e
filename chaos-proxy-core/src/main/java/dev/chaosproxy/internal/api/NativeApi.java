package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.Direction;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.relay.ConnectionRef;
import dev.chaosproxy.internal.relay.LocalProxy;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What Toxiproxy has no words for: live connections (list, inspect, tune, kill), toxics on one
 * connection, replacing a proxy's toxics at once, injecting bytes, per-proxy reset and metrics.
 * Trixter's per-connection endpoints are in {@link TrixterApi}.
 */
final class NativeApi {
  private final ChaosEngine engine;
  private final ToxiproxyApi proxies;

  NativeApi(ChaosEngine engine, ToxiproxyApi proxies) {
    this.engine = engine;
    this.proxies = proxies;
  }

  /** {@code GET /proxies/{proxy}/events[?since=N]}: what fired, oldest first. */
  private Reply events(Call c) {
    LocalProxy p = proxies.proxy(c);
    String since = c.query("since");
    long after = 0;
    if (since != null) {
      try {
        after = Long.parseLong(since);
      } catch (NumberFormatException e) {
        after = -1;
      }
      if (after < 0) {
        throw ApiException.badRequest(
            "since is the sequence number of the last event seen, a whole number >= 0; was '"
                + since
                + "'");
      }
    }
    return Reply.ok(Views.events(p.timeline(), after));
  }

  void register(Router r) {
    r.add("PUT", "/proxies/{proxy}/toxics", this::replaceProxyToxics);
    r.add("POST", "/proxies/{proxy}/reset", this::resetProxy);
    r.add("POST", "/proxies/{proxy}/inject", this::injectProxy);
    r.add(
        "GET",
        "/proxies/{proxy}/metrics",
        c -> Reply.ok(Views.metrics(proxies.proxy(c).metrics())));
    r.add(
        "GET",
        "/proxies/{proxy}/connections",
        c -> Reply.ok(connections(List.of(proxies.proxy(c)))));
    r.add("DELETE", "/proxies/{proxy}/connections", this::killProxyConnections);
    r.add("GET", "/proxies/{proxy}/events", this::events);

    r.add("GET", "/connections", c -> Reply.ok(connections(all())));
    r.add("GET", "/connections/{id}", c -> Reply.ok(Views.connection(connection(c))));
    r.add("DELETE", "/connections/{id}", this::killConnection);
    r.add("POST", "/connections/{id}/inject", this::injectConnection);
    r.add(
        "GET", "/connections/{id}/toxics", c -> Reply.ok(Views.toxics(connection(c).ownToxics())));
    r.add("POST", "/connections/{id}/toxics", this::addConnectionToxic);
    r.add("PUT", "/connections/{id}/toxics", this::replaceConnectionToxics);
    r.add("GET", "/connections/{id}/toxics/{toxic}", this::showConnectionToxic);
    r.add("PATCH", "/connections/{id}/toxics/{toxic}", this::updateConnectionToxic);
    r.add("POST", "/connections/{id}/toxics/{toxic}", this::updateConnectionToxic);
    r.add("DELETE", "/connections/{id}/toxics/{toxic}", this::deleteConnectionToxic);
  }

  // ---- proxies ----

  /** Replaces all of a proxy's toxics at once: no connection sees a state in between. */
  private Reply replaceProxyToxics(Call c) {
    LocalProxy p = proxies.proxy(c);
    List<Toxic> next = ToxicBodies.createAll(c.json(), "the toxics of proxy '" + p.name() + "'");
    try {
      return Reply.ok(Views.toxics(p.updateToxics(list -> new ArrayList<>(next))));
    } catch (IllegalStateException e) {
      throw ApiException.proxyNotFound(p.name(), " (deleted meanwhile)");
    }
  }

  /** As {@code ProxyControl.reset()}: no toxics on it or its connections, and up. */
  private Reply resetProxy(Call c) {
    LocalProxy p = proxies.proxy(c);
    ProxyControl handle =
        engine.proxy(p.name()).orElseThrow(() -> ApiException.proxyNotFound(p.name(), ""));
    try {
      handle.reset();
    } catch (UncheckedIOException e) {
      throw ProxySpec.listenFailure(e);
    }
    return Reply.empty(204);
  }

  private Reply injectProxy(Call c) {
    LocalProxy p = proxies.proxy(c);
    Injection i = Injection.parse(c.json());
    p.injectAll(i.direction, i.bytes);
    return Reply.empty(204);
  }

  private Reply killProxyConnections(Call c) {
    LocalProxy p = proxies.proxy(c);
    int killed = p.killAll(reason(c, null));
    return Reply.ok(Json.object().put("killed", killed));
  }

  // ---- connections ----

  private List<LocalProxy> all() {
    List<LocalProxy> list = new ArrayList<>();
    for (ProxyControl p : engine.proxies()) list.add(ToxiproxyApi.local(p));
    return list;
  }

  private static ArrayNode connections(List<LocalProxy> from) {
    ArrayNode a = Json.array();
    for (LocalProxy p : from) {
      for (ConnectionInfo i : p.connectionInfos()) {
        p.findConnection(i.id()).ifPresent(ref -> a.add(Views.connection(ref)));
      }
    }
    return a;
  }

  /** The live connection named by the path's {@code id}, on any proxy. */
  ConnectionRef connection(Call c) {
    String id = c.param("id");
    for (LocalProxy p : all()) {
      Optional<ConnectionRef> ref = p.findConnection(id);
      if (ref.isPresent()) return ref.get();
    }
    throw ApiException.connectionNotFound(
        "connection not found: '"
            + id
            + "' (it may have ended; GET /connections lists the live ones)");
  }

  private Reply killConnection(Call c) {
    connection(c).kill(reason(c, null));
    return Reply.empty(204);
  }

  private Reply injectConnection(Call c) {
    ConnectionRef ref = connection(c);
    Injection i = Injection.parse(c.json());
    ended(ref, () -> ref.inject(i.direction, i.bytes));
    return Reply.empty(204);
  }

  private Reply addConnectionToxic(Call c) {
    ConnectionRef ref = connection(c);
    Toxic t = ToxicBodies.create(c.json());
    updateOwn(
        ref,
        list -> {
          for (Toxic e : list) {
            if (e.name().equals(t.name())) {
              throw ApiException.conflict(
                  ApiException.TOXIC_EXISTS,
                  "toxic already exists: '" + t.name() + "' on connection " + ref.id());
            }
          }
          list.add(t);
          return list;
        });
    return Reply.ok(Views.toxic(t));
  }

  private Reply replaceConnectionToxics(Call c) {
    ConnectionRef ref = connection(c);
    List<Toxic> next = ToxicBodies.createAll(c.json(), "the toxics of connection " + ref.id());
    return Reply.ok(Views.toxics(updateOwn(ref, list -> new ArrayList<>(next))));
  }

  private Reply showConnectionToxic(Call c) {
    ConnectionRef ref = connection(c);
    List<Toxic> own = ref.ownToxics();
    return Reply.ok(
        Views.toxic(
            own.get(ToxiproxyApi.indexOf(own, c.param("toxic"), "connection " + ref.id()))));
  }

  private Reply updateConnectionToxic(Call c) {
    ConnectionRef ref = connection(c);
    String name = c.param("toxic");
    JsonNode body = c.json();
    Toxic[] updated = new Toxic[1];
    updateOwn(
        ref,
        list -> {
          int i = ToxiproxyApi.indexOf(list, name, "connection " + ref.id());
          updated[0] = ToxicBodies.update(list.get(i), body);
          list.set(i, updated[0]);
          return list;
        });
    return Reply.ok(Views.toxic(updated[0]));
  }

  private Reply deleteConnectionToxic(Call c) {
    ConnectionRef ref = connection(c);
    String name = c.param("toxic");
    updateOwn(
        ref,
        list -> {
          list.remove(ToxiproxyApi.indexOf(list, name, "connection " + ref.id()));
          return list;
        });
    return Reply.empty(204);
  }

  /** Changes a connection's own toxics; a connection that ended meanwhile is a 404. */
  static List<Toxic> updateOwn(ConnectionRef ref, UnaryOperator<List<Toxic>> change) {
    List<List<Toxic>> out = new ArrayList<>(1);
    ended(ref, () -> out.add(ref.updateOwnToxics(change)));
    return out.get(0);
  }

  private static void ended(ConnectionRef ref, Runnable action) {
    try {
      action.run();
    } catch (IllegalStateException e) {
      if (ref.isOpen()) throw e;
      throw ApiException.connectionNotFound(
          "connection not found: '" + ref.id() + "' has ended (" + ref.endReason() + ")");
    }
  }

  /** The kill reason: {@code ?reason=} or a body {@code {"reason": "..."}}; a default otherwise. */
  static String reason(Call c, JsonNode body) {
    String q = c.query("reason");
    if (q != null && !q.isBlank()) return q;
    Body b = Body.orEmpty(body != null ? body : c.json(), "shutdown request", List.of("reason"));
    return b.string("reason").filter(s -> !s.isBlank()).orElse("by API request");
  }

  /** {@code {"stream": "downstream", "data": "text"}} or {@code "data_base64"}. */
  private static final class Injection {
    final Direction direction;
    final byte[] bytes;

    private Injection(Direction direction, byte[] bytes) {
      this.direction = direction;
      this.bytes = bytes;
    }

    static Injection parse(JsonNode json) {
      Body b = Body.of(json, "injection", List.of("stream", "data", "data_base64"));
      String s = b.string("stream").orElse("downstream");
      Direction d;
      try {
        d = Direction.parse(s);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(
            "stream was invalid, can be either upstream or downstream; was '" + s + "'");
      }
      Optional<String> text = b.string("data");
      Optional<String> base64 = b.string("data_base64");
      if (text.isPresent() == base64.isPresent()) {
        throw ApiException.badBody(
            "an injection has exactly one of 'data' (UTF-8 text) or 'data_base64'");
      }
      byte[] bytes;
      if (text.isPresent()) {
        bytes = text.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      } else {
        try {
          bytes = Base64.getDecoder().decode(base64.get());
        } catch (IllegalArgumentException e) {
          throw ApiException.badBody("field 'data_base64' is not valid base64: " + e.getMessage());
        }
      }
      if (bytes.length == 0) throw ApiException.badBody("an injection needs at least one byte");
      return new Injection(d, bytes);
    }
  }
}
