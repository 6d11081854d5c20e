package dev.chaosproxy.internal.api;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.api.http.Limits;
import dev.chaosproxy.internal.api.http.Request;
import dev.chaosproxy.internal.api.http.Response;
import dev.chaosproxy.internal.api.http.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST control API: the Toxiproxy-compatible surface and the native one on one port, served by
 * the project's own {@link Server} (requests are read on an event loop, so slow clients hold no
 * thread). Before a request reaches its endpoint it must name an allowed {@link HostPolicy host},
 * come from no web page (no {@code Origin} unless allowed, no browser user agent), carry the token
 * when one is set, and send JSON.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  /**
   * Worker threads that run complete requests; each call hands its change to the loops and returns.
   */
  static final int MAX_WORKERS = 16;

  /** Pending connections the kernel holds before the API accepts them (early in a start, say). */
  public static final int BACKLOG = 512;

  /**
   * How the API is guarded and limited.
   *
   * @param token the bearer token every call needs, or null
   * @param allowedHosts host names a request's {@code Host} may name besides loopback names and IP
   *     literals ({@code *}: any)
   * @param allowedOrigins web origins whose requests are served ({@code *}: any); others are
   *     refused
   */
  public record Config(
      String token, List<String> allowedHosts, List<String> allowedOrigins, Limits limits) {
    public Config {
      allowedHosts = List.copyOf(allowedHosts);
      allowedOrigins = List.copyOf(allowedOrigins);
      Objects.requireNonNull(limits, "limits");
    }

    public static Config defaults() {
      return new Config(null, List.of(), List.of(), Limits.DEFAULT);
    }

    public Config withToken(String t) {
      return new Config(t, allowedHosts, allowedOrigins, limits);
    }

    public Config withLimits(Limits l) {
      return new Config(token, allowedHosts, allowedOrigins, l);
    }
  }

  private final Server server;
  private final Router router = new Router();
  private final byte[] token;
  private final HostPolicy hosts;
  private final List<String> origins;

  private ApiServer(
      ChaosEngine engine,
      InetSocketAddress bound,
      String bindHost,
      Config config,
      String version,
      Function<Server.Handler, Server> serve) {
    this.token = config.token() == null ? null : config.token().getBytes(StandardCharsets.UTF_8);
    List<String> names = new ArrayList<>(config.allowedHosts());
    if (bindHost != null) names.add(bindHost);
    this.hosts = new HostPolicy(names);
    this.origins = config.allowedOrigins();
    String defaultHost = bound.getAddress().getHostAddress();
    ToxiproxyApi toxiproxy = new ToxiproxyApi(engine, defaultHost, version);
    NativeApi nativeApi = new NativeApi(engine, toxiproxy);
    toxiproxy.register(router);
    nativeApi.register(router);
    new TrixterApi(engine, nativeApi).register(router);
    new ScheduleApi(toxiproxy).register(router);
    new Metrics(engine).register(router);
    server = serve.apply(this::handle);
  }

  /** Binds {@code address} with the API's backlog; the first thing a standalone start does. */
  public static ServerSocketChannel bind(InetSocketAddress address) {
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open();
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(address, BACKLOG);
      return ch;
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // reporting the bind failure
        }
      }
      throw new UncheckedIOException(
          "the control API cannot listen on " + HostPort.format(address) + ": " + e.getMessage(),
          e);
    }
  }

  /** Serves {@code engine}'s proxies on {@code bind}. */
  public static ApiServer start(
      ChaosEngine engine, InetSocketAddress bind, String bindHost, Config config, String version) {
    ServerSocketChannel ch = bind(bind);
    try {
      return start(engine, ch, bindHost, config, version);
    } catch (RuntimeException e) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // reporting the first failure
      }
      throw e;
    }
  }

  /**
   * Serves {@code engine}'s proxies on a socket bound before (see {@link #bind}); closing the
   * server closes it.
   */
  public static ApiServer start(
      ChaosEngine engine,
      ServerSocketChannel listener,
      String bindHost,
      Config config,
      String version) {
    InetSocketAddress bound;
    try {
      bound = (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the control API's socket is not usable: " + e.getMessage(), e);
    }
    if (bound == null) throw new IllegalArgumentException("the control API's socket is not bound");
    return new ApiServer(
        engine,
        bound,
        bindHost,
        config,
        version,
        h -> Server.start(listener, h, config.limits(), MAX_WORKERS));
  }

  /**
   * Takes over from {@code starting}: the requests it holds, and all after them, are answered by
   * this API. Its limits are {@link Limits#DEFAULT}, the ones the starting server runs with.
   */
  public static ApiServer start(
      ChaosEngine engine, StartingApi starting, String bindHost, Config config, String version) {
    if (!config.limits().equals(Limits.DEFAULT)) {
      throw new IllegalArgumentException(
          "a started API keeps the default limits; start one with other limits on its own socket");
    }
    return new ApiServer(engine, starting.address(), bindHost, config, version, starting::open);
  }

  public InetSocketAddress address() {
    return server.address();
  }

  /** Stops at once: open connections are cut, the loop and worker threads end. */
  @Override
  public void close() {
    server.close();
  }

  private Response handle(Request req) {
    long start = System.nanoTime();
    List<String[]> extra = new ArrayList<>(1);
    Reply reply;
    try {
      reply = dispatch(req, extra);
    } catch (ApiException e) {
      reply = Reply.error(e.status(), e.code(), e.getMessage());
    } catch (IllegalArgumentException e) {
      reply = Reply.error(400, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("control API: {} failed", req, e);
      reply = Reply.error(500, "internal error: " + e);
    }
    Response r = new Response(reply.status, reply.contentType, reply.body);
    for (String[] h : extra) r.header(h[0], h[1]);
    if (log.isDebugEnabled())
      log.debug(
          "control API: {} -> {} in {} µs", req, reply.status, (System.nanoTime() - start) / 1000);
    return r;
  }

  private Reply dispatch(Request req, List<String[]> extra) {
    String host = req.header("Host");
    if (host != null && !hosts.allows(host)) {
      return Reply.error(
          403,
          "host_not_allowed",
          "Host '"
              + host
              + "' is not allowed: the control API answers loopback names, IP addresses"
              + " and the names given with --api-allowed-host (a guard against DNS rebinding)");
    }
    String origin = req.header("Origin");
    if (origin != null && !originAllowed(origin)) {
      return Reply.error(
          403,
          "origin_not_allowed",
          "requests from web pages are refused (Origin: "
              + origin
              + "); allow an origin with --api-allowed-origin");
    }
    if (token != null && !tokenMatches(req.header("Authorization"))) {
      extra.add(new String[] {"WWW-Authenticate", "Bearer realm=\"chaos-proxy\""});
      return Reply.error(
          401,
          req.header("Authorization") == null ? "token_required" : "token_wrong",
          req.header("Authorization") == null
              ? "this API needs a bearer token: send the header 'Authorization: Bearer <token>'"
              : "wrong bearer token");
    }
    String agent = req.header("User-Agent");
    if (agent != null && agent.startsWith("Mozilla/")) {
      // As Toxiproxy: a web page must not drive the API from a browser (cross-site requests).
      return Reply.error(
          403,
          "browser_not_allowed",
          "User agent not allowed: the control API does not serve browsers");
    }
    String path = req.rawPath();
    Router.Match m = router.find(req.method(), path);
    if (m == null) {
      return Reply.error(
          404, "no such endpoint: " + req.method() + " " + path + " (the README lists the API)");
    }
    if (m.handler == null) {
      extra.add(new String[] {"Allow", String.join(", ", m.allowed)});
      return Reply.error(
          405,
          "method "
              + req.method()
              + " is not allowed on "
              + path
              + "; allowed: "
              + String.join(", ", m.allowed));
    }
    byte[] body = req.body();
    if (body.length > 0) checkContentType(req.header("Content-Type"));
    return m.handler.handle(
        new Call(req.method(), m.params, req.rawQuery(), body, req.header("Accept")));
  }

  /**
   * JSON, or no type at all. {@code application/x-www-form-urlencoded} is read as JSON too: it is
   * what toxiproxy-java (through HttpURLConnection) and {@code curl -d} send. Web pages cannot use
   * it to reach the API, as the Host and Origin checks refuse them first.
   */
  private static void checkContentType(String contentType) {
    if (contentType == null) return;
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (type.isEmpty()
        || type.equals("application/json")
        || type.endsWith("+json")
        || type.equals("application/x-www-form-urlencoded")) {
      return;
    }
    throw new ApiException(
        415,
        "Content-Type '" + contentType + "' is not accepted: send the body as application/json");
  }

  private boolean originAllowed(String origin) {
    for (String o : origins) if (o.equals("*") || o.equalsIgnoreCase(origin)) return true;
    return false;
  }

  /** {@code Bearer TOKEN}, the scheme in any case (RFC 7235), compared in constant time. */
  private boolean tokenMatches(String authorization) {
    if (authorization == null) return false;
    String a = authorization.strip();
    int sp = a.indexOf(' ');
    if (sp < 0 || !a.substring(0, sp).equalsIgnoreCase("Bearer")) return false;
    byte[] given = a.substring(sp + 1).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(token, given);
  }
}
