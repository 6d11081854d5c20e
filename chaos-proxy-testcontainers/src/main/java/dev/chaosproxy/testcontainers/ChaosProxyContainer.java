package dev.chaosproxy.testcontainers;

import dev.chaosproxy.internal.HostPort;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.testcontainers.internal.ControlApiWait;
import dev.chaosproxy.testcontainers.internal.ControlClient;
import dev.chaosproxy.testcontainers.internal.RemoteProxy;
import dev.chaosproxy.testcontainers.internal.Wire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * chaos-proxy in a container, for code under test that runs in a container too: the proxy sits
 * on the same {@link org.testcontainers.containers.Network} as the dependency, and a test drives
 * it through the same {@link ProxyControl} as an in-process proxy.
 *
 * <pre>{@code
 * Network network = Network.newNetwork();
 * GenericContainer<?> redis = new GenericContainer<>("redis:7").withNetwork(network).withNetworkAliases("redis");
 * ChaosProxyContainer chaos = new ChaosProxyContainer("chaos-proxy:0.1.0")
 *     .withNetwork(network).withNetworkAliases("chaos")
 *     .withProxy("redis", "redis:6379");             // its own exposed port: chaos:8666 on the network
 * // start both, then:
 * ProxyControl proxy = chaos.proxy("redis");         // host() and port(): the mapped port, for a client on the host
 * proxy.downstream().delay(Duration.ofMillis(250));
 * }</pre>
 *
 * <p>Each proxy declared with {@link #withProxy} before start gets its own exposed port (8666,
 * 8667, ... in the container). Proxies created after start with {@link #createProxy} take a port
 * from a reserve exposed for them ({@link #withReservedPorts}, {@value #DEFAULT_RESERVED_PORTS} by
 * default). The container's command is made by this class: the control API on port
 * {@value #CONTROL_PORT} and the declared proxies.
 */
public final class ChaosProxyContainer extends GenericContainer<ChaosProxyContainer> {
  /** The image this container runs, and the one other images must be a compatible substitute for. */
  public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("chaos-proxy");
  /** The control API's port in the container (Toxiproxy's). */
  public static final int CONTROL_PORT = 8474;
  /** The port of the first proxy in the container (Toxiproxy's first); the next ones follow it. */
  public static final int FIRST_PROXY_PORT = 8666;
  /** Exposed ports kept for {@link #createProxy} unless {@link #withReservedPorts} says otherwise. */
  public static final int DEFAULT_RESERVED_PORTS = 2;
  /** At most this many proxy ports (declared and reserved): each is a published port with its own Docker proxy process. */
  public static final int MAX_PROXY_PORTS = 256;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,1024}");
  static final String CONFIG_PATH = "/tmp/chaos-proxy-testcontainers.json";
  private static final String TOKEN_ENV = "CHAOS_PROXY_API_TOKEN";

  private final Map<String, Declared> declared = new LinkedHashMap<>();
  private final Map<String, RemoteProxy> handles = new LinkedHashMap<>();
  private int reservedPorts = DEFAULT_RESERVED_PORTS;
  private String token;
  private Long seed;
  private DataSize memoryBudget;
  private ControlClient client;

  /** A container of {@code dockerImageName}, e.g. {@code chaos-proxy:0.1.0}. */
  public ChaosProxyContainer(String dockerImageName) {
    this(DockerImageName.parse(dockerImageName));
  }

  /**
   * A container of {@code dockerImageName}: {@code chaos-proxy}, or an image declared a substitute
   * with {@code DockerImageName.parse("my/chaos").asCompatibleSubstituteFor("chaos-proxy")}.
   */
  public ChaosProxyContainer(DockerImageName dockerImageName) {
    super(dockerImageName);
    dockerImageName.assertCompatibleWith(DEFAULT_IMAGE_NAME);
    addExposedPorts(CONTROL_PORT);
    waitingFor(new ControlApiWait(CONTROL_PORT, () -> token));
  }

  /** A proxy declared before start. */
  private static final class Declared {
    final String upstream;
    final List<Toxic> toxics;
    final int port;

    Declared(String upstream, List<Toxic> toxics, int port) {
      this.upstream = upstream;
      this.toxics = toxics;
      this.port = port;
    }
  }

  // ---- before start ----

  /**
   * Declares a proxy named {@code name} to {@code upstream} ({@code host:port} as containers on
   * the network see it, e.g. {@code redis:6379}), started with the container on its own exposed
   * port, with {@code toxics} from its first connection on.
   *
   * @throws IllegalArgumentException for a bad name or address, a name declared twice, or toxics
   *     sharing a name
   * @throws IllegalStateException after start: use {@link #createProxy} then
   */
  public ChaosProxyContainer withProxy(String name, String upstream, Toxic... toxics) {
    checkNotStarted("withProxy(\"" + name + "\", ..) declares a proxy before start(); after start use createProxy(\""
        + name + "\", \"" + upstream + "\")");
    checkName(name);
    checkUpstream(name, upstream);
    List<Toxic> list = checkToxics(name, toxics);
    if (declared.containsKey(name)) {
      throw new IllegalArgumentException("proxy '" + name + "' is already declared (to " + declared.get(name).upstream
          + "); each proxy needs its own name");
    }
    if (declared.size() + reservedPorts >= MAX_PROXY_PORTS) {
      throw new IllegalArgumentException("at most " + MAX_PROXY_PORTS + " proxy ports (declared and reserved), and there are "
          + declared.size() + " declared and " + reservedPorts + " reserved");
    }
    declared.put(name, new Declared(upstream.trim(), list, FIRST_PROXY_PORT + declared.size()));
    return self();
  }

  /**
   * Exposes {@code count} more ports for proxies created after start with {@link #createProxy}
   * (default {@value #DEFAULT_RESERVED_PORTS}; 0 when every proxy is declared with {@link #withProxy}).
   * Each is published by Docker with its own port proxy process, so a few are cheap and many cost
   * start time.
   */
  public ChaosProxyContainer withReservedPorts(int count) {
    checkNotStarted("withReservedPorts(" + count + ") must be called before start()");
    if (count < 0 || declared.size() + count > MAX_PROXY_PORTS) {
      throw new IllegalArgumentException("reserved ports must be between 0 and " + (MAX_PROXY_PORTS - declared.size())
          + " (at most " + MAX_PROXY_PORTS + " proxy ports with the " + declared.size() + " declared), was " + count);
    }
    this.reservedPorts = count;
    return self();
  }

  /**
   * Protects the control API with a bearer token, for a container whose API other containers
   * on the network could reach. This class sends it on every call.
   */
  public ChaosProxyContainer withApiToken(String token) {
    checkNotStarted("withApiToken(..) must be called before start()");
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("an API token is 1 to 1024 printable ASCII characters without spaces"
          + (token == null ? ", was null" : ", was " + token.length() + " characters with some outside that range"));
    }
    this.token = token;
    withEnv(TOKEN_ENV, token);
    return self();
  }

  /** Makes every random decision of every proxy reproducible: the same seed and traffic give the same faults. */
  public ChaosProxyContainer withSeed(long seed) {
    checkNotStarted("withSeed(" + seed + ") must be called before start()");
    this.seed = seed;
    return self();
  }

  /**
   * The bytes all connections in the container may hold at once (see {@link
   * dev.chaosproxy.ChaosEngine.Builder#memoryBudget}); past it they slow down, never fail. Default:
   * a quarter of the container JVM's heap.
   */
  public ChaosProxyContainer withMemoryBudget(DataSize size) {
    checkNotStarted("withMemoryBudget(" + size + ") must be called before start()");
    if (size == null || size.bytes() < 16 * 1024) {
      throw new IllegalArgumentException("memoryBudget must be at least 16KiB, was " + size);
    }
    this.memoryBudget = size;
    return self();
  }

  @Override
  protected void configure() {
    super.configure();
    List<Integer> ports = new ArrayList<>(getExposedPorts());
    for (int p : proxyPorts()) if (!ports.contains(p)) ports.add(p);
    setExposedPorts(ports);
    List<String> command = new ArrayList<>(List.of("--api", "0.0.0.0:" + CONTROL_PORT));
    if (!declared.isEmpty()) {
      ArrayNode config = Wire.array();
      for (Map.Entry<String, Declared> e : declared.entrySet()) {
        Declared d = e.getValue();
        config.add(Wire.proxy(e.getKey(), "0.0.0.0:" + d.port, d.upstream, d.toxics));
      }
      withCopyToContainer(Transferable.of(Wire.text(config).getBytes(StandardCharsets.UTF_8)), CONFIG_PATH);
      command.addAll(List.of("--config", CONFIG_PATH));
    }
    if (seed != null) command.addAll(List.of("--random-seed", Long.toString(seed)));
    for (String host : apiHostNames()) command.addAll(List.of("--api-allowed-host", host));
    if (memoryBudget != null) command.addAll(List.of("--memory-budget", Long.toString(memoryBudget.bytes())));
    setCommand(command.toArray(new String[0]));
  }

  /**
   * The names clients may reach the API by, besides loopback names and IP addresses (which the
   * API always answers): the container's network aliases, and the Docker host's name when it is
   * one (a remote engine, {@code docker} in Docker-in-Docker CI).
   */
  private List<String> apiHostNames() {
    List<String> names = new ArrayList<>(getNetworkAliases());
    try {
      String host = getHost();
      if (host != null && !host.isBlank() && !host.contains(":") && !host.matches("[0-9.]+")) names.add(host);
    } catch (RuntimeException noDocker) {
      // the host is not known without an engine; configure() runs only with one
    }
    return names.stream()
        .filter(n -> n.matches("[A-Za-z0-9._-]+"))
        .filter(n -> !n.equalsIgnoreCase("localhost") && !n.toLowerCase(java.util.Locale.ROOT).endsWith(".localhost"))
        .distinct().toList();
  }

  @Override
  protected void containerIsStarted(InspectContainerResponse containerInfo) {
    super.containerIsStarted(containerInfo);
    synchronized (this) {
      handles.clear();
      client = new ControlClient(getHost(), getMappedPort(CONTROL_PORT), token);
    }
  }

  @Override
  protected void containerIsStopped(InspectContainerResponse containerInfo) {
    super.containerIsStopped(containerInfo);
    synchronized (this) {
      handles.clear();
      client = null;
    }
  }

  // ---- after start ----

  /**
   * The handle to the proxy {@code name}: one declared with {@link #withProxy}, made with
   * {@link #createProxy}, or created through the API on one of this container's exposed ports.
   *
   * @throws IllegalArgumentException if the container has no such proxy, naming those it has
   * @throws IllegalStateException before start
   */
  public synchronized ProxyControl proxy(String name) {
    ControlClient api = started("proxy(\"" + name + "\")");
    RemoteProxy cached = handles.get(name);
    if (cached != null && !cached.isClosed()) return cached;
    checkName(name);
    JsonNode json = api.get(api.url("proxies", name), (code, message) -> new IllegalArgumentException(
        "no proxy '" + name + "' in this chaos-proxy container; it has " + proxyNames(api)
            + " (declare one with withProxy(..) before start, or createProxy(..) after)"));
    return handle(api, json);
  }

  /**
   * Creates the proxy {@code name} to {@code upstream} ({@code host:port} as the container's
   * network sees it) on a free port of the reserve, with {@code toxics} from its first connection on.
   *
   * @throws IllegalStateException before start, or when every exposed proxy port is taken, saying
   *     how to reserve more
   * @throws IllegalArgumentException for a bad name, address or toxics, or a name in use
   */
  public synchronized ProxyControl createProxy(String name, String upstream, Toxic... toxics) {
    ControlClient api = started("createProxy(\"" + name + "\", ..)");
    checkName(name);
    checkUpstream(name, upstream);
    List<Toxic> list = checkToxics(name, toxics);
    JsonNode all = api.get(api.url("proxies"), (code, message) -> new IllegalStateException(message));
    if (all.has(name)) {
      throw new IllegalArgumentException("proxy '" + name + "' already exists in this chaos-proxy container (to "
          + all.get(name).path("upstream").asText() + "); use proxy(\"" + name + "\"), or another name");
    }
    Set<Integer> used = new HashSet<>();
    for (JsonNode p : all) used.add(port(p));
    Integer free = null;
    for (int p : proxyPorts()) {
      if (!used.contains(p)) {
        free = p;
        break;
      }
    }
    if (free == null) {
      throw new IllegalStateException("no free proxy port for proxy '" + name + "': this container exposes "
          + proxyPorts().size() + " (" + declared.size() + " declared with withProxy, " + reservedPorts
          + " reserved), all taken by " + names(all) + ". Reserve more before start with withReservedPorts("
          + (reservedPorts + 1) + "), declare the proxy before start with withProxy(\"" + name + "\", \"" + upstream.trim()
          + "\"), or close a proxy you no longer need");
    }
    JsonNode created = api.call("POST", api.url("proxies"), Wire.proxy(name, "0.0.0.0:" + free, upstream.trim(), list),
        (code, message) -> new IllegalStateException(message));
    return handle(api, created);
  }

  /** The control API's port on the host. */
  public int getControlPort() {
    return getMappedPort(CONTROL_PORT);
  }

  /** The control API's URL from the host, e.g. {@code http://localhost:32768}. */
  public String getControlUrl() {
    return "http://" + getHost() + ":" + getControlPort();
  }

  /** The host port clients on the host connect to for the proxy {@code name}: {@code proxy(name).port()}. */
  public int getProxyPort(String name) {
    return proxy(name).port();
  }

  /**
   * The port the proxy {@code name} listens on in the container: what containers on the same
   * network connect to, at one of this container's network aliases ({@code chaos:8666}).
   */
  public int getProxyListenPort(String name) {
    return ((RemoteProxy) proxy(name)).listenPort();
  }

  /** The ports in the container that proxies may listen on: the declared ones, then the reserve. */
  List<Integer> proxyPorts() {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < declared.size() + reservedPorts; i++) ports.add(FIRST_PROXY_PORT + i);
    return ports;
  }

  private RemoteProxy handle(ControlClient api, JsonNode json) {
    String name = json.path("name").asText();
    int listenPort = port(json);
    if (!proxyPorts().contains(listenPort)) {
      throw new IllegalArgumentException("proxy '" + name + "' listens on " + json.path("listen").asText()
          + " in the container, a port this container does not expose (it exposes " + proxyPorts()
          + "); create proxies with createProxy(..) so that they get an exposed port");
    }
    RemoteProxy.Remote remote = new RemoteProxy.Remote(api, name, getHost(), getMappedPort(listenPort), listenPort,
        json.path("seed").asLong(), () -> forget(name));
    remote.saw(json);
    RemoteProxy p = new RemoteProxy(remote);
    handles.put(name, p);
    return p;
  }

  private synchronized void forget(String name) {
    RemoteProxy p = handles.get(name);
    if (p != null && p.isClosed()) handles.remove(name);
  }

  private static int port(JsonNode proxy) {
    return Wire.port(proxy.path("listen").asText());
  }

  private static Set<String> names(JsonNode proxies) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = proxies.fieldNames(); it.hasNext(); ) names.add(it.next());
    return names;
  }

  private static Set<String> proxyNames(ControlClient api) {
    try {
      return names(api.get(api.url("proxies"), (code, message) -> new IllegalStateException(message)));
    } catch (RuntimeException e) {
      return Set.of("?");
    }
  }

  private ControlClient started(String what) {
    if (client == null) {
      throw new IllegalStateException(what + " needs a started container; call start() first"
          + " (or let @Container / @Testcontainers start it)");
    }
    return client;
  }

  private void checkNotStarted(String message) {
    if (getContainerId() != null) throw new IllegalStateException(message);
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches() || !ControlClient.isPathSegment(name)) {
      throw new IllegalArgumentException("a proxy name is 1 to 128 letters, digits, '.', '_', ':' or '-', other than '.' and '..'"
          + " (which no URL can name), was '" + name + "'");
    }
  }

  private static void checkUpstream(String name, String upstream) {
    try {
      HostPort.upstream(upstream);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("upstream of proxy '" + name + "': " + e.getMessage()
          + " (as containers on the network see it, e.g. redis:6379)", e);
    }
  }

  private static List<Toxic> checkToxics(String name, Toxic[] toxics) {
    Objects.requireNonNull(toxics, "toxics");
    Set<String> names = new HashSet<>();
    for (Toxic t : toxics) {
      Objects.requireNonNull(t, "a toxic of proxy '" + name + "' is null");
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("two toxics of proxy '" + name + "' are named '" + t.name()
            + "'; give one another name with named(..)");
      }
    }
    return List.of(toxics);
  }
}
