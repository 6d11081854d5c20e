package dev.chaosproxy.testcontainers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * The proxies of one started container, looked up and created over its control API, one handle per
 * name.
 */
public final class ContainerProxies {
  private final ControlClient api;
  private final String host;
  private final IntUnaryOperator mappedPort;
  private final ProxyPorts ports;
  private final Map<String, RemoteProxy> handles = new LinkedHashMap<>();

  /**
   * Proxies behind {@code api}, reached from the host at {@code host} on the ports {@code
   * mappedPort} gives.
   */
  public ContainerProxies(
      ControlClient api, String host, IntUnaryOperator mappedPort, ProxyPorts ports) {
    this.api = api;
    this.host = host;
    this.mappedPort = mappedPort;
    this.ports = ports;
  }

  /**
   * The handle to the proxy {@code name}; IllegalArgumentException naming the proxies there are if
   * it does not exist.
   */
  public synchronized RemoteProxy proxy(String name) {
    RemoteProxy cached = handles.get(name);
    if (cached != null && !cached.isClosed()) return cached;
    ProxySpec.checkName(name);
    JsonNode json =
        api.get(
            api.url("proxies", name),
            (code, message) ->
                new IllegalArgumentException(
                    "no proxy '"
                        + name
                        + "' in this chaos-proxy container; it has "
                        + proxyNames()
                        + " (declare one with withProxy(..) before start, or createProxy(..) after)"));
    return handle(json);
  }

  /**
   * Creates {@code spec} on a free port of the reserve; IllegalStateException when every port is
   * taken.
   */
  public synchronized RemoteProxy create(ProxySpec spec) {
    String name = spec.name;
    JsonNode all =
        api.get(api.url("proxies"), (code, message) -> new IllegalStateException(message));
    if (all.has(name)) {
      throw new IllegalArgumentException(
          "proxy '"
              + name
              + "' already exists in this chaos-proxy container (to "
              + all.get(name).path("upstream").asText()
              + "); use proxy(\""
              + name
              + "\"), or another name");
    }
    Set<Integer> used = new HashSet<>();
    for (JsonNode p : all) used.add(port(p));
    Integer free = ports.free(used);
    if (free == null) {
      throw new IllegalStateException(
          "no free proxy port for proxy '"
              + name
              + "': this container exposes "
              + ports.all().size()
              + " ("
              + ports.declaredCount()
              + " declared with withProxy, "
              + ports.reserved()
              + " reserved), all taken by "
              + names(all)
              + ". Reserve more before start with withReservedPorts("
              + (ports.reserved() + 1)
              + "), declare the proxy before start with withProxy(\""
              + name
              + "\", \""
              + spec.upstream
              + "\"), or close a proxy you no longer need");
    }
    JsonNode created =
        api.call(
            "POST",
            api.url("proxies"),
            spec.json(free),
            (code, message) -> new IllegalStateException(message));
    return handle(created);
  }

  private RemoteProxy handle(JsonNode json) {
    String name = json.path("name").asText();
    int listenPort = port(json);
    if (!ports.all().contains(listenPort)) {
      throw new IllegalArgumentException(
          "proxy '"
              + name
              + "' listens on "
              + json.path("listen").asText()
              + " in the container, a port this container does not expose (it exposes "
              + ports.all()
              + "); create proxies with createProxy(..) so that they get an exposed port");
    }
    RemoteProxy.Remote remote =
        new RemoteProxy.Remote(
            api,
            name,
            host,
            mappedPort.applyAsInt(listenPort),
            listenPort,
            json.path("seed").asLong(),
            () -> forget(name));
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

  private Set<String> proxyNames() {
    try {
      return names(
          api.get(api.url("proxies"), (code, message) -> new IllegalStateException(message)));
    } catch (RuntimeException e) {
      return Set.of("?");
    }
  }
}
