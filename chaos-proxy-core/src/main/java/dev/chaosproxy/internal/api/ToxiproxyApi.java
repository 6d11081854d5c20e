package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.ProxyHandle;
import dev.chaosproxy.internal.relay.LocalProxy;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Toxiproxy 2.x's API, shape for shape and status for status, so its clients work unchanged: {@code
 * /proxies}, {@code /proxies/{proxy}[/toxics[/{toxic}]]}, {@code /populate}, {@code /reset}, {@code
 * /version}. (Prometheus {@code /metrics} is in {@link Metrics}.)
 */
final class ToxiproxyApi {
  /** The Toxiproxy API version this server speaks. */
  static final String TOXIPROXY_VERSION = "2.12.0";

  private final ChaosEngine engine;
  private final String defaultHost;
  private final String version;

  ToxiproxyApi(ChaosEngine engine, String defaultHost, String version) {
    this.engine = engine;
    this.defaultHost = defaultHost;
    this.version = version;
  }

  void register(Router r) {
    r.add("GET", "/version", this::version);
    r.add("POST", "/reset", this::reset);
    r.add("GET", "/proxies", this::listProxies);
    r.add("POST", "/proxies", this::createProxy);
    r.add("POST", "/populate", this::populate);
    r.add("GET", "/proxies/{proxy}", c -> Reply.ok(Views.proxy(proxy(c))));
    r.add("PATCH", "/proxies/{proxy}", this::updateProxy);
    r.add("POST", "/proxies/{proxy}", this::updateProxy);
    r.add("DELETE", "/proxies/{proxy}", this::deleteProxy);
    r.add("GET", "/proxies/{proxy}/toxics", c -> Reply.ok(Views.toxics(proxy(c).toxicList())));
    r.add("POST", "/proxies/{proxy}/toxics", this::addToxic);
    r.add("GET", "/proxies/{proxy}/toxics/{toxic}", this::showToxic);
    r.add("PATCH", "/proxies/{proxy}/toxics/{toxic}", this::updateToxic);
    r.add("POST", "/proxies/{proxy}/toxics/{toxic}", this::updateToxic);
    r.add("DELETE", "/proxies/{proxy}/toxics/{toxic}", this::deleteToxic);
  }

  private Reply version(Call c) {
    return Reply.json(200, VersionJson.of(version));
  }

  /** Every proxy enabled, every toxic gone (the proxies' and the connections' own). */
  private Reply reset(Call c) {
    for (ProxyControl p : engine.proxies()) {
      try {
        p.reset();
      } catch (UncheckedIOException e) {
        throw ProxySpec.listenFailure(e);
      } catch (IllegalStateException closedMeanwhile) {
        // deleted while resetting: nothing to reset
      }
    }
    return Reply.empty(204);
  }

  /** Runs {@code undo} in order; says what could not be put back. */
  private static String rollBack(List<Runnable> undo) {
    List<String> failed = new ArrayList<>();
    for (Runnable u : undo) {
      try {
        u.run();
      } catch (RuntimeException e) {
        failed.add(e.getMessage());
      }
    }
    return failed.isEmpty() ? "" : "; could not restore: " + String.join("; ", failed);
  }

  private Reply listProxies(Call c) {
    ObjectNode o = Json.object();
    for (ProxyControl p : engine.proxies()) o.set(p.name(), Views.proxy(local(p)));
    return Reply.ok(o);
  }

  private Reply createProxy(Call c) {
    ProxySpec spec = ProxySpec.parse(c.json(), defaultHost, "");
    return Reply.json(201, Views.proxy(local(spec.start(engine))));
  }

  /**
   * Creates or replaces each proxy (one that listens and forwards the same is kept); 201 with
   * {@code {"proxies": [...]}}; on a failure, its status with the proxies done so far.
   */
  /**
   * All or nothing: when one proxy cannot be created (its port in use, no file descriptors left),
   * the ones made before it are removed and the ones it changed or replaced put back.
   */
  private Reply populate(Call c) {
    List<ProxySpec> specs = ProxySpec.parseAll(c.json(), defaultHost);
    ArrayNode done = Json.array();
    List<Runnable> undo = new ArrayList<>();
    for (ProxySpec s : specs) {
      try {
        done.add(Views.proxy(local(s.createOrReplace(engine, undo))));
      } catch (RuntimeException e) {
        ApiException failure =
            e instanceof ApiException a
                ? a
                : e instanceof UncheckedIOException io
                    ? ProxySpec.listenFailure(io)
                    : new ApiException(500, "proxy '" + s.name + "' could not be created: " + e);
        String message =
            failure.getMessage()
                + " (proxy '"
                + s.name
                + "'); nothing of this batch was kept"
                + rollBack(undo);
        ObjectNode err = Json.object().put("error", message).put("status", failure.status());
        err.set("proxies", Json.array());
        return Reply.json(failure.status(), err);
      }
    }
    ObjectNode o = Json.object();
    o.set("proxies", done);
    return Reply.json(201, o);
  }

  /**
   * Toxiproxy's update: {@code listen}, {@code upstream}, {@code enabled}, each optional. Every
   * field a GET returns is accepted back, so a client may send the whole proxy (as Toxiproxy's Go
   * client does): {@code toxics} is ignored, as Toxiproxy ignores it (toxics change through the
   * toxics endpoints); {@code name}, {@code seed} and {@code protocol} must be unchanged.
   */
  private Reply updateProxy(Call c) {
    LocalProxy p = proxy(c);
    Body b = Body.of(c.json(), "proxy", ProxySpec.FIELDS);
    b.string("name")
        .ifPresent(
            n -> {
              if (!n.equals(p.name()))
                throw ApiException.badBody(
                    "a proxy cannot be renamed (from '" + p.name() + "' to '" + n + "')");
            });
    b.array("toxics"); // checks the type only: ignored, as Toxiproxy does
    b.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE, "")
        .ifPresent(
            seed -> {
              if (seed != p.seed()) {
                throw ApiException.badBody(
                    "a proxy's seed is fixed when it is created (it is "
                        + p.seed()
                        + ", the update sent "
                        + seed
                        + "); create the proxy anew for another seed");
              }
            });
    if (b.has("protocol")) {
      dev.chaosproxy.Protocol sent = ProxySpec.protocol(b, p.name());
      if (sent != p.protocol()) {
        throw ApiException.badBody(
            "a proxy's protocol is fixed when it is created (proxy '"
                + p.name()
                + "' is "
                + p.protocol().wireName()
                + ", the update sent "
                + sent.wireName()
                + "); delete it and create it anew with \"protocol\": \""
                + sent.wireName()
                + "\"");
      }
    }
    // A proxy without an upstream shows it as "": sent back unchanged, it is no change.
    Optional<String> upstream =
        b.string("upstream").filter(u -> !(u.isEmpty() && p.target() == null));
    Optional<String> listen =
        b.string("listen").map(l -> ProxySpec.normalizeListen(l, defaultHost));
    Optional<Boolean> enabled = b.bool("enabled");
    InetSocketAddress newListen = null;
    if (listen.isPresent()) {
      InetSocketAddress a = ProxySpec.listenAddress(listen.get());
      if (!a.equals(p.boundAddress())) newListen = a;
    }
    try {
      if (upstream.isPresent() && !upstream.get().equals(p.target())) {
        try {
          p.retarget(upstream.get());
        } catch (IllegalArgumentException e) {
          throw ApiException.badBody("field 'upstream' of a proxy: " + e.getMessage());
        }
      }
      if (newListen != null) p.relisten(newListen);
      if (enabled.isPresent()) {
        if (enabled.get()) p.enable();
        else p.disable();
      }
    } catch (UncheckedIOException e) {
      throw ProxySpec.listenFailure(e);
    } catch (IllegalStateException e) {
      throw ApiException.proxyNotFound(p.name(), " (deleted meanwhile)");
    }
    return Reply.ok(Views.proxy(p));
  }

  private Reply deleteProxy(Call c) {
    proxy(c).close();
    return Reply.empty(204);
  }

  private Reply addToxic(Call c) {
    LocalProxy p = proxy(c);
    Toxic t = ToxicBodies.create(c.json());
    updateToxics(
        p,
        list -> {
          for (Toxic e : list) {
            if (e.name().equals(t.name()))
              throw ApiException.conflict(
                  ApiException.TOXIC_EXISTS,
                  "toxic already exists: '" + t.name() + "' on proxy '" + p.name() + "'");
          }
          list.add(t);
          return list;
        });
    return Reply.ok(Views.toxic(t));
  }

  private Reply showToxic(Call c) {
    LocalProxy p = proxy(c);
    List<Toxic> list = p.toxicList();
    return Reply.ok(
        Views.toxic(list.get(indexOf(list, c.param("toxic"), "proxy '" + p.name() + "'"))));
  }

  private Reply updateToxic(Call c) {
    LocalProxy p = proxy(c);
    String name = c.param("toxic");
    JsonNode body = c.json();
    Toxic[] updated = new Toxic[1];
    updateToxics(
        p,
        list -> {
          int i = indexOf(list, name, "proxy '" + p.name() + "'");
          updated[0] = ToxicBodies.update(list.get(i), body);
          list.set(i, updated[0]);
          return list;
        });
    return Reply.ok(Views.toxic(updated[0]));
  }

  private Reply deleteToxic(Call c) {
    LocalProxy p = proxy(c);
    String name = c.param("toxic");
    updateToxics(
        p,
        list -> {
          list.remove(indexOf(list, name, "proxy '" + p.name() + "'"));
          return list;
        });
    return Reply.empty(204);
  }

  // ---- shared with the native API ----

  private static void updateToxics(
      LocalProxy p, java.util.function.UnaryOperator<List<Toxic>> change) {
    try {
      p.updateToxics(change);
    } catch (IllegalStateException e) {
      throw ApiException.proxyNotFound(p.name(), " (deleted meanwhile)");
    }
  }

  static int indexOf(List<Toxic> list, String name, String where) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(name)) return i;
    }
    List<String> names = new ArrayList<>();
    for (Toxic t : list) names.add(t.name());
    throw ApiException.toxicNotFound(
        "toxic not found: '" + name + "' on " + where + "; toxics: " + names);
  }

  LocalProxy proxy(Call c) {
    String name = c.param("proxy");
    return engine
        .proxy(name)
        .map(ToxiproxyApi::local)
        .orElseThrow(() -> ApiException.proxyNotFound(name, ""));
  }

  static LocalProxy local(ProxyControl p) {
    return ((ProxyHandle) p).local();
  }
}
