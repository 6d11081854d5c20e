package dev.chaosproxy.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.testcontainers.internal.ContainerProxies;
import dev.chaosproxy.testcontainers.internal.ControlApiWait;
import dev.chaosproxy.testcontainers.internal.ControlClient;
import dev.chaosproxy.testcontainers.internal.ProxyPorts;
import dev.chaosproxy.testcontainers.internal.ProxySpec;
import dev.chaosproxy.testcontainers.internal.RemoteProxy;
import dev.chaosproxy.testcontainers.internal.SameVersion;
import dev.chaosproxy.testcontainers.internal.Wire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * chaos-proxy in a container, for code under test that runs in a container too: the proxy sits on
 * the same {@link org.testcontainers.containers.Network} as the dependency, and a test drives it
 * through the same {@link ProxyControl} as an in-process proxy.
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
 * default). The container's command is made by this class: the control API on port {@value
 * #CONTROL_PORT} and the declared proxies.
 */
public final class ChaosProxyContainer extends GenericContainer<ChaosProxyContainer> {
  /**
   * The image this container runs, and the one other images must be a compatible substitute for.
   */
  public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("chaos-proxy");

  /** The control API's port in the container (Toxiproxy's). */
  public static final int CONTROL_PORT = 8474;

  /** The port of the first proxy in the container (Toxiproxy's first); the next ones follow it. */
  public static final int FIRST_PROXY_PORT = 8666;

  /**
   * Exposed ports kept for {@link #createProxy} unless {@link #withReservedPorts} says otherwise.
   */
  public static final int DEFAULT_RESERVED_PORTS = 2;

  /**
   * At most this many proxy ports (declared and reserved): each is a published port with its own
   * Docker proxy process.
   */
  public static final int MAX_PROXY_PORTS = 256;

  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,1024}");
  static final String CONFIG_PATH = "/tmp/chaos-proxy-testcontainers.json";
  private static final String TOKEN_ENV = "CHAOS_PROXY_API_TOKEN";

  private final ProxyPorts ports =
      new ProxyPorts(FIRST_PROXY_PORT, MAX_PROXY_PORTS, DEFAULT_RESERVED_PORTS);
  private String token;
  private Long seed;
  private DataSize memoryBudget;
  private ContainerProxies proxies;

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
    SameVersion.check();
    dockerImageName.assertCompatibleWith(DEFAULT_IMAGE_NAME);
    addExposedPorts(CONTROL_PORT);
    waitingFor(new ControlApiWait(CONTROL_PORT, () -> token));
  }

  // ---- before start ----

  /**
   * Declares a proxy named {@code name} to {@code upstream} ({@code host:port} as containers on the
   * network see it, e.g. {@code redis:6379}), started with the container on its own exposed port,
   * with {@code toxics} from its first connection on.
   *
   * @throws IllegalArgumentException for a bad name or address, a name declared twice, or toxics
   *     sharing a name
   * @throws IllegalStateException after start: use {@link #createProxy} then
   */
  public ChaosProxyContainer withProxy(String name, String upstream, Toxic... toxics) {
    checkNotStarted(
        "withProxy(\""
            + name
            + "\", ..) declares a proxy before start(); after start use createProxy(\""
            + name
            + "\", \""
            + upstream
            + "\")");
    ports.declare(ProxySpec.of(name, upstream, toxics));
    return self();
  }

  /**
   * Declares an HTTP proxy ({@link dev.chaosproxy.Protocol#HTTP}) named {@code name} to {@code
   * upstream}, as {@link #withProxy}: it follows HTTP/1.1 on each connection so that HTTP faults
   * ({@code proxy(name).http()}, {@code http_*} toxics) act per request.
   *
   * @throws IllegalArgumentException for a bad name or address, a name declared twice, or toxics
   *     sharing a name
   * @throws IllegalStateException after start: use {@link #createHttpProxy} then
   */
  public ChaosProxyContainer withHttpProxy(String name, String upstream, Toxic... toxics) {
    checkNotStarted(
        "withHttpProxy(\""
            + name
            + "\", ..) declares a proxy before start(); after start use createHttpProxy(\""
            + name
            + "\", \""
            + upstream
            + "\")");
    ports.declare(ProxySpec.of(name, upstream, dev.chaosproxy.Protocol.HTTP, toxics));
    return self();
  }

  /**
   * Exposes {@code count} more ports for proxies created after start with {@link #createProxy}
   * (default {@value #DEFAULT_RESERVED_PORTS}; 0 when every proxy is declared with {@link
   * #withProxy}). Each is published by Docker with its own port proxy process, so a few are cheap
   * and many cost start time.
   */
  public ChaosProxyContainer withReservedPorts(int count) {
    checkNotStarted("withReservedPorts(" + count + ") must be called before start()");
    ports.reserve(count);
    return self();
  }

  /**
   * Protects the control API with a bearer token, for a container whose API other containers on the
   * network could reach. This class sends it on every call.
   */
  public ChaosProxyContainer withApiToken(String token) {
    checkNotStarted("withApiToken(..) must be called before start()");
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException(
          "an API token is 1 to 1024 printable ASCII characters without spaces"
              + (token == null
                  ? ", was null"
                  : ", was " + token.length() + " characters with some outside that range"));
    }
    this.token = token;
    withEnv(TOKEN_ENV, token);
    return self();
  }

  /**
   * Makes every random decision of every proxy reproducible: the same seed and traffic give the
   * same faults.
   */
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
    List<Integer> exposed = new ArrayList<>(getExposedPorts());
    for (int p : ports.all()) if (!exposed.contains(p)) exposed.add(p);
    setExposedPorts(exposed);
    List<String> command = new ArrayList<>(List.of("--api", "0.0.0.0:" + CONTROL_PORT));
    if (ports.hasDeclared()) {
      withCopyToContainer(
          Transferable.of(Wire.text(ports.config()).getBytes(StandardCharsets.UTF_8)), CONFIG_PATH);
      command.addAll(List.of("--config", CONFIG_PATH));
    }
    if (seed != null) command.addAll(List.of("--random-seed", Long.toString(seed)));
    for (String host : apiHostNames()) command.addAll(List.of("--api-allowed-host", host));
    if (memoryBudget != null)
      command.addAll(List.of("--memory-budget", Long.toString(memoryBudget.bytes())));
    setCommand(command.toArray(new String[0]));
  }

  /**
   * The names clients may reach the API by, besides loopback names and IP addresses (which the API
   * always answers): the container's network aliases, and the Docker host's name when it is one (a
   * remote engine, {@code docker} in Docker-in-Docker CI).
   */
  private List<String> apiHostNames() {
    List<String> names = new ArrayList<>(getNetworkAliases());
    try {
      String host = getHost();
      if (host != null && !host.isBlank() && !host.contains(":") && !host.matches("[0-9.]+"))
        names.add(host);
    } catch (RuntimeException noDocker) {
      // the host is not known without an engine; configure() runs only with one
    }
    return names.stream()
        .filter(n -> n.matches("[A-Za-z0-9._-]+"))
        .filter(
            n ->
                !n.equalsIgnoreCase("localhost")
                    && !n.toLowerCase(Locale.ROOT).endsWith(".localhost"))
        .distinct()
        .toList();
  }

  /**
   * Set while {@link #start()} runs: a failed start stops the container, and that stop first notes
   * why.
   */
  private volatile boolean starting;

  /** Why the last start failed, when the container had exited: its exit code and log tail. */
  private volatile String exitedEarly;

  /**
   * Starts the container. One that exits at once (the JVM refusing its options, say), before
   * Testcontainers has even seen its ports, fails as one that exits before the API answers: with
   * its exit code and the end of its log.
   */
  @Override
  public void start() {
    starting = true;
    exitedEarly = null;
    try {
      super.start();
    } catch (RuntimeException e) {
      String why = exitedEarly;
      if (why != null) throw new ContainerLaunchException(why, e);
      throw e;
    } finally {
      starting = false;
    }
  }

  /** Stops the container; during a failed start, first notes whether it had exited, and how. */
  @Override
  public void stop() {
    if (starting && exitedEarly == null) exitedEarly = exitedState();
    super.stop();
  }

  private String exitedState() {
    String id = getContainerId();
    if (id == null) return null;
    try {
      InspectContainerResponse.ContainerState state =
          getDockerClient().inspectContainerCmd(id).exec().getState();
      if (Boolean.TRUE.equals(state.getRunning())) return null;
      return ControlApiWait.stoppedEarly(
              state.getExitCodeLong(), ControlApiWait.logTail(getLogs()), null)
          .getMessage();
    } catch (RuntimeException cannotTell) {
      return null; // Testcontainers' own error says what it knows
    }
  }

  @Override
  protected void containerIsStarted(InspectContainerResponse containerInfo) {
    super.containerIsStarted(containerInfo);
    synchronized (this) {
      String host = getHost();
      proxies =
          new ContainerProxies(
              new ControlClient(host, getMappedPort(CONTROL_PORT), token),
              host,
              this::getMappedPort,
              ports);
    }
  }

  @Override
  protected void containerIsStopped(InspectContainerResponse containerInfo) {
    super.containerIsStopped(containerInfo);
    synchronized (this) {
      proxies = null;
    }
  }

  // ---- after start ----

  /**
   * The handle to the proxy {@code name}: one declared with {@link #withProxy}, made with {@link
   * #createProxy}, or created through the API on one of this container's exposed ports.
   *
   * @throws IllegalArgumentException if the container has no such proxy, naming those it has
   * @throws IllegalStateException before start
   */
  public synchronized ProxyControl proxy(String name) {
    return started("proxy(\"" + name + "\")").proxy(name);
  }

  /**
   * Creates the proxy {@code name} to {@code upstream} ({@code host:port} as the container's
   * network sees it) on a free port of the reserve, with {@code toxics} from its first connection
   * on.
   *
   * @throws IllegalStateException before start, or when every exposed proxy port is taken, saying
   *     how to reserve more
   * @throws IllegalArgumentException for a bad name, address or toxics, or a name in use
   */
  public synchronized ProxyControl createProxy(String name, String upstream, Toxic... toxics) {
    ContainerProxies started = started("createProxy(\"" + name + "\", ..)");
    return started.create(ProxySpec.of(name, upstream, toxics));
  }

  /**
   * Creates the HTTP proxy ({@link dev.chaosproxy.Protocol#HTTP}) {@code name} to {@code upstream}
   * on a free port of the reserve, as {@link #createProxy}.
   *
   * @throws IllegalStateException before start, or when every exposed proxy port is taken
   * @throws IllegalArgumentException for a bad name, address or toxics, or a name in use
   */
  public synchronized ProxyControl createHttpProxy(String name, String upstream, Toxic... toxics) {
    ContainerProxies started = started("createHttpProxy(\"" + name + "\", ..)");
    return started.create(ProxySpec.of(name, upstream, dev.chaosproxy.Protocol.HTTP, toxics));
  }

  /** The control API's port on the host. */
  public int getControlPort() {
    return getMappedPort(CONTROL_PORT);
  }

  /** The control API's URL from the host, e.g. {@code http://localhost:32768}. */
  public String getControlUrl() {
    return "http://" + getHost() + ":" + getControlPort();
  }

  /**
   * The host port clients on the host connect to for the proxy {@code name}: {@code
   * proxy(name).port()}.
   */
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
    return ports.all();
  }

  private ContainerProxies started(String what) {
    if (proxies == null) {
      throw new IllegalStateException(
          what
              + " needs a started container; call start() first"
              + " (or let @Container / @Testcontainers start it)");
    }
    return proxies;
  }

  private void checkNotStarted(String message) {
    if (getContainerId() != null) throw new IllegalStateException(message);
  }
}
