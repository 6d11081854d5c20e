package dev.chaosproxy.internal.api;

import dev.chaosproxy.internal.api.http.Limits;
import dev.chaosproxy.internal.api.http.Request;
import dev.chaosproxy.internal.api.http.Response;
import dev.chaosproxy.internal.api.http.Server;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The control API while a standalone process starts. Its server runs within milliseconds of {@code
 * main}, before flags are parsed and before logging, Jackson or the proxies load: it answers {@code
 * GET /version} at once (what Toxiproxy-style readiness waits poll) and holds every other request
 * until the {@link ApiServer} takes over, which then answers it. A client that calls as soon as the
 * port answers is therefore served, never refused.
 */
public final class StartingApi implements AutoCloseable {
  /** How long a held request waits for the start before it is answered 503. */
  static final Duration WAIT = Duration.ofSeconds(60);

  private final byte[] version;
  private final HostPolicy hosts;
  private final boolean versionEarly;
  private final CountDownLatch settled = new CountDownLatch(1);
  private final Server server;
  private volatile Server.Handler handler;
  private volatile String failure;

  private StartingApi(
      ServerSocketChannel listener, String bindHost, boolean versionEarly, String version) {
    this.version = VersionJson.of(version);
    List<String> names = new ArrayList<>(1);
    if (bindHost != null) names.add(bindHost);
    this.hosts = new HostPolicy(names);
    this.versionEarly = versionEarly;
    this.server = Server.start(listener, this::handle, Limits.DEFAULT, ApiServer.MAX_WORKERS);
  }

  /**
   * Serves {@code listener} from now on.
   *
   * @param bindHost the {@code --api} host, a {@code Host} the API answers
   * @param versionEarly whether {@code GET /version} is answered before the start is done; not when
   *     a bearer token may be configured (it is not read yet), nor when proxies are to be started
   *     (a client that waited for {@code /version} connects to them next)
   */
  public static StartingApi serve(
      ServerSocketChannel listener, String bindHost, boolean versionEarly, String version) {
    return new StartingApi(listener, bindHost, versionEarly, version);
  }

  public InetSocketAddress address() {
    return server.address();
  }

  /**
   * Hands every request, the held ones first, to {@code h}; returns the server, now {@code h}'s.
   */
  Server open(Server.Handler h) {
    handler = h;
    settled.countDown();
    return server;
  }

  /** The start failed: held requests are answered 503 with {@code why}. Close it afterwards. */
  public void fail(String why) {
    failure = why;
    settled.countDown();
  }

  /** Stops serving (flags were bad, or the start failed), once the held requests are answered. */
  @Override
  public void close() {
    if (failure == null && handler == null) fail("chaos-proxy is stopping");
    server.close(Duration.ofSeconds(1));
  }

  private Response handle(Request r) {
    Server.Handler h = handler;
    if (h != null) return h.handle(r);
    if (answersEarly(r)) return new Response(200, "application/json", version);
    try {
      if (!settled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        return Response.error(
            503,
            "starting",
            "chaos-proxy is still starting after " + WAIT.toSeconds() + " s; try again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Response.error(503, "chaos-proxy is stopping");
    }
    h = handler;
    return h != null
        ? h.handle(r)
        : Response.error(503, "start_failed", "chaos-proxy could not start: " + failure);
  }

  /**
   * Only a plain {@code GET /version} that the full API would answer 200 as well: a loopback or
   * literal {@code Host}, no web page's {@code Origin} or browser, no token to check, no proxies to
   * wait for. Anything else waits, as allowed hosts, origins and the token are known only once the
   * flags are read.
   */
  private boolean answersEarly(Request r) {
    if (!versionEarly || !r.method().equals("GET") || !r.rawPath().equals("/version")) return false;
    String host = r.header("Host");
    if (host != null && !hosts.allows(host)) return false;
    String agent = r.header("User-Agent");
    return r.header("Origin") == null && (agent == null || !agent.startsWith("Mozilla/"));
  }
}
