package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyBuilder;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.ProxyHandle;
import dev.chaosproxy.internal.relay.LocalProxy;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A proxy as described in a request or a config file: Toxiproxy's fields ({@code name}, {@code
 * listen}, {@code upstream}, {@code enabled}) plus ours ({@code toxics}, {@code seed}, {@code
 * protocol}).
 */
public final class ProxySpec {
  static final List<String> FIELDS =
      List.of("name", "listen", "upstream", "enabled", "toxics", "seed", "protocol");

  public final String name;

  /** {@code host:port} as given, normalized ({@code :8080} is {@code 0.0.0.0:8080}). */
  final String listen;

  final String upstream;
  final boolean enabled;

  /** Null when the body had no {@code toxics} field. */
  final List<Toxic> toxics;

  final Long seed;

  /** {@code "protocol"}: tcp (the default) or http. */
  final Protocol protocol;

  private ProxySpec(
      String name,
      String listen,
      String upstream,
      boolean enabled,
      List<Toxic> toxics,
      Long seed,
      Protocol protocol) {
    this.name = name;
    this.listen = listen;
    this.upstream = upstream;
    this.enabled = enabled;
    this.toxics = toxics;
    this.seed = seed;
    this.protocol = protocol;
  }

  /** Parses one proxy; {@code defaultHost} is the listen host when {@code listen} is absent. */
  static ProxySpec parse(JsonNode json, String defaultHost, String where) {
    Body b = Body.of(json, "proxy", FIELDS);
    String name = b.requiredString("name");
    String upstream = b.requiredString("upstream");
    String listen = normalizeListen(b.string("listen").orElse(""), defaultHost);
    boolean enabled = b.bool("enabled").orElse(true);
    List<Toxic> toxics =
        b.has("toxics")
            ? ToxicBodies.createAll(
                b.array("toxics").get(), "the toxics of proxy '" + name + "'" + where)
            : null;
    Long seed =
        b.has("seed") ? b.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE, "").getAsLong() : null;
    Protocol protocol = protocol(b, name);
    try {
      HostPort.upstream(upstream);
    } catch (IllegalArgumentException e) {
      throw ApiException.badBody("upstream of proxy '" + name + "': " + e.getMessage());
    }
    return new ProxySpec(name, listen, upstream, enabled, toxics, seed, protocol);
  }

  /** The body's {@code protocol} (tcp when absent); a 400 naming the valid ones otherwise. */
  static Protocol protocol(Body b, String name) {
    String text = b.string("protocol").orElse(null);
    if (text == null) return Protocol.TCP;
    try {
      return Protocol.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badBody(
          "field 'protocol' of proxy '"
              + name
              + "' must be \"tcp\" (bytes only, the default) or \"http\" (HTTP/1.1, for the"
              + " http_* toxics), was \""
              + text
              + "\"");
    }
  }

  /** Parses Toxiproxy's populate body: an array of proxies with unique names. */
  public static List<ProxySpec> parseAll(JsonNode json, String defaultHost) {
    if (json == null || !json.isArray()) {
      throw ApiException.badBody(
          "expected a JSON array of proxies, was "
              + (json == null ? "empty" : Json.typeName(json)));
    }
    List<ProxySpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 0;
    for (JsonNode n : json) {
      i++;
      ProxySpec s;
      try {
        s = parse(n, defaultHost, "");
      } catch (ApiException e) {
        throw e.at("at proxy " + i);
      }
      if (!names.add(s.name))
        throw ApiException.badBody("duplicate proxy name '" + s.name + "' (at proxy " + i + ")");
      out.add(s);
    }
    return out;
  }

  /**
   * {@code :8080} listens on every interface, as in Toxiproxy; an empty value on {@code
   * defaultHost}.
   */
  static String normalizeListen(String listen, String defaultHost) {
    String l = listen.trim();
    if (l.isEmpty()) return defaultHost + ":0";
    listenAddress(l);
    return l.startsWith(":") ? "0.0.0.0" + l : l;
  }

  /** The address a {@code listen} field names; a 400 when it is malformed or does not resolve. */
  static InetSocketAddress listenAddress(String listen) {
    try {
      return HostPort.listen(listen);
    } catch (IllegalArgumentException e) {
      throw ApiException.badBody("field 'listen' of a proxy: " + e.getMessage());
    }
  }

  /** Starts this proxy on {@code engine}. */
  public ProxyControl start(ChaosEngine engine) {
    if (engine.proxy(name).isPresent())
      throw ApiException.conflict(
          ApiException.PROXY_EXISTS, "proxy already exists: '" + name + "'");
    ProxyBuilder builder;
    try {
      builder =
          engine
              .newProxy(name)
              .protocol(protocol)
              .listen(listen)
              .upstream(upstream)
              .enabled(enabled);
      if (toxics != null) for (Toxic t : toxics) builder.toxic(t);
      if (seed != null) builder.seed(seed);
    } catch (IllegalArgumentException e) {
      throw ApiException.badBody(e.getMessage());
    }
    try {
      return builder.start();
    } catch (UncheckedIOException e) {
      throw listenFailure(e);
    } catch (IllegalArgumentException e) {
      if (engine.proxy(name).isPresent())
        throw ApiException.conflict(
            ApiException.PROXY_EXISTS, "proxy already exists: '" + name + "'");
      throw ApiException.badBody(e.getMessage());
    }
  }

  /** A failure to bind: 409 when the address is in use, else 400 (not a local address, ...). */
  static ApiException listenFailure(UncheckedIOException e) {
    boolean inUse =
        e.getCause() instanceof BindException
            && String.valueOf(e.getCause().getMessage())
                .toLowerCase(java.util.Locale.ROOT)
                .contains("in use");
    return inUse
        ? ApiException.conflict(ApiException.ADDRESS_IN_USE, e.getMessage())
        : ApiException.badRequest(e.getMessage());
  }

  /**
   * Creates the proxy, or, when one of that name exists, keeps it if it listens and forwards the
   * same (as Toxiproxy's populate does), else replaces it. Enabled state and (when given) toxics
   * are applied to a kept proxy.
   */
  public ProxyControl createOrReplace(ChaosEngine engine) {
    return createOrReplace(engine, new ArrayList<>());
  }

  /**
   * As {@link #createOrReplace(ChaosEngine)}; adds to {@code undo} (at its front) what puts the
   * engine back as it was, so that a batch that fails part-way can leave nothing of itself.
   */
  ProxyControl createOrReplace(ChaosEngine engine, List<Runnable> undo) {
    ProxyControl existing = engine.proxy(name).orElse(null);
    if (existing != null) {
      LocalProxy p = ((ProxyHandle) existing).local();
      if (sameListen(p) && upstream.equals(p.target()) && protocol == p.protocol()) {
        List<Toxic> oldToxics = p.toxicList();
        boolean wasEnabled = p.enabled();
        undo.add(
            0,
            () -> {
              p.updateToxics(list -> new ArrayList<>(oldToxics));
              if (wasEnabled) p.enable();
              else p.disable();
            });
        if (toxics != null) p.updateToxics(list -> new ArrayList<>(toxics));
        try {
          if (enabled) p.enable();
          else p.disable();
        } catch (UncheckedIOException e) {
          throw listenFailure(e);
        }
        return existing;
      }
      ProxySpec old =
          new ProxySpec(
              name,
              HostPort.format(p.boundAddress()),
              p.target(),
              p.enabled(),
              p.toxicList(),
              p.seed(),
              p.protocol());
      existing.close();
      undo.add(
          0,
          () -> {
            engine.proxy(name).ifPresent(ProxyControl::close);
            old.start(engine);
          });
      return start(engine);
    }
    undo.add(0, () -> engine.proxy(name).ifPresent(ProxyControl::close));
    return start(engine);
  }

  private boolean sameListen(LocalProxy p) {
    InetSocketAddress want = listenAddress(listen);
    InetSocketAddress have = p.boundAddress();
    return want.getAddress().equals(have.getAddress())
        && (want.getPort() == 0 || want.getPort() == have.getPort());
  }
}
