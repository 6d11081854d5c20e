package dev.chaosproxy.testcontainers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.Direction;
import dev.chaosproxy.HttpMetrics;
import dev.chaosproxy.ProxyMetrics;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.Trigger;
import dev.chaosproxy.internal.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The control API's JSON shapes, to and from core's types. */
public final class Wire {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Wire() {}

  /**
   * {@code {"name","type","stream","toxicity","attributes":{...}}}, as the server reads a toxic.
   */
  public static ObjectNode toxic(Toxic t) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("name", t.name());
    o.put("type", t.type().wireName());
    o.put("stream", t.direction().wireName());
    o.put("toxicity", t.toxicity());
    o.set("attributes", MAPPER.valueToTree(t.attributes()));
    if (t.trigger() != null) o.set("trigger", MAPPER.valueToTree(t.trigger().conditions()));
    return o;
  }

  public static ArrayNode toxics(List<Toxic> toxics) {
    ArrayNode a = MAPPER.createArrayNode();
    for (Toxic t : toxics) a.add(toxic(t));
    return a;
  }

  /** A proxy as {@code POST /proxies} and {@code --config} read it. */
  public static ObjectNode proxy(String name, String listen, String upstream, List<Toxic> toxics) {
    return proxy(name, listen, upstream, dev.chaosproxy.Protocol.TCP, toxics);
  }

  /**
   * A proxy as {@code POST /proxies} and {@code --config} read it, with {@code "protocol"} for an
   * HTTP one (a TCP one keeps Toxiproxy's shape).
   */
  public static ObjectNode proxy(
      String name,
      String listen,
      String upstream,
      dev.chaosproxy.Protocol protocol,
      List<Toxic> toxics) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("name", name);
    o.put("listen", listen);
    o.put("upstream", upstream);
    o.put("enabled", true);
    if (protocol == dev.chaosproxy.Protocol.HTTP) o.put("protocol", protocol.wireName());
    o.set("toxics", toxics(toxics));
    return o;
  }

  /** A new, empty JSON array. */
  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** JSON text of {@code node}. */
  public static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + node, e);
    }
  }

  /** A toxic as the server shows it. */
  static Toxic toxic(JsonNode json) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    JsonNode attrs = json.path("attributes");
    for (Map.Entry<String, JsonNode> e : attrs.properties()) {
      attributes.put(e.getKey(), plain(e.getValue()));
    }
    Toxic t =
        Toxic.of(
            ToxicType.parse(json.path("type").asText()),
            Direction.parse(json.path("stream").asText()),
            attributes);
    Toxic named =
        t.named(json.path("name").asText()).withToxicity(json.path("toxicity").asDouble(1.0));
    JsonNode trigger = json.path("trigger");
    if (!trigger.isObject()) return named;
    Map<String, Object> conditions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : trigger.properties()) {
      conditions.put(e.getKey(), plain(e.getValue()));
    }
    return named.when(Trigger.of(conditions));
  }

  /** The events of {@code GET /proxies/{name}/events}. */
  static List<ChaosEvent> events(JsonNode json) {
    List<ChaosEvent> out = new ArrayList<>();
    for (JsonNode e : json.path("events")) {
      out.add(
          new ChaosEvent(
              e.path("sequence").asLong(),
              java.time.Instant.parse(e.path("time").asText()),
              e.path("proxy").asText(),
              e.path("connection").asText(),
              e.path("connection_number").asLong(),
              e.path("toxic").asText(),
              ToxicType.parse(e.path("type").asText()),
              Direction.parse(e.path("stream").asText()),
              e.path("offset").asLong(),
              e.hasNonNull("request") ? e.path("request").asText() : null));
    }
    return out;
  }

  static List<Toxic> toxicList(JsonNode array) {
    List<Toxic> out = new ArrayList<>(array.size());
    for (JsonNode n : array) out.add(toxic(n));
    return out;
  }

  private static Object plain(JsonNode v) {
    if (v.isObject()) { // header fields (headers, set): name to value
      Map<String, String> fields = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        fields.put(e.getKey(), e.getValue().asText());
      }
      return fields;
    }
    if (v.isIntegralNumber()) return v.longValue();
    if (v.isNumber()) return v.doubleValue();
    if (v.isBoolean()) return v.booleanValue();
    if (v.isNull()) return null;
    return v.asText();
  }

  /** A live connection from {@code GET /connections/{id}}. */
  static ConnectionInfo connection(JsonNode json) {
    List<String> toxics = new ArrayList<>();
    for (JsonNode t : json.path("toxics")) toxics.add(t.path("name").asText());
    Instant opened;
    try {
      opened = Instant.parse(json.path("opened").asText());
    } catch (DateTimeParseException e) {
      opened = null;
    }
    return new ConnectionInfo(
        json.path("id").asText(),
        json.path("proxy").asText(),
        address(json.path("client").asText(null)),
        address(json.path("upstream").asText(null)),
        opened,
        json.path("bytes_upstream").asLong(),
        json.path("bytes_downstream").asLong(),
        List.copyOf(toxics),
        json.path("state").asText());
  }

  /**
   * The connection's own toxics from {@code GET /connections/{id}} (those of scope {@code
   * connection}), or null when the answer does not say which they are.
   */
  static List<Toxic> ownToxics(JsonNode json) {
    JsonNode all = json.path("toxics");
    if (!all.isArray()) return null;
    List<Toxic> own = new ArrayList<>();
    for (JsonNode t : all) {
      if (!t.has("scope")) return null;
      if (t.path("scope").asText().equals("connection")) own.add(toxic(t));
    }
    return List.copyOf(own);
  }

  static List<ConnectionInfo> connections(JsonNode array) {
    List<ConnectionInfo> out = new ArrayList<>(array.size());
    for (JsonNode n : array) out.add(connection(n));
    return List.copyOf(out);
  }

  /** A copy of {@code info} that says the connection has ended. */
  static ConnectionInfo ended(ConnectionInfo info) {
    return new ConnectionInfo(
        info.id(),
        info.proxy(),
        info.client(),
        info.upstream(),
        info.opened(),
        info.bytesUpstream(),
        info.bytesDownstream(),
        info.toxics(),
        "closed");
  }

  static ProxyMetrics metrics(JsonNode json) {
    Map<String, Long> faults = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : json.path("faults").properties()) {
      faults.put(e.getKey(), e.getValue().asLong());
    }
    return new ProxyMetrics(
        json.path("proxy").asText(),
        json.path("connections_active").asLong(),
        json.path("connections_total").asLong(),
        json.path("bytes_upstream").asLong(),
        json.path("bytes_downstream").asLong(),
        json.path("received_upstream").asLong(),
        json.path("received_downstream").asLong(),
        json.path("upstream_failures").asLong(),
        Map.copyOf(faults),
        http(json.path("http")));
  }

  /** The {@code "http"} object of the metrics: requests, methods, statuses, faults, raw. */
  static HttpMetrics http(JsonNode json) {
    Map<String, Long> methods = new java.util.TreeMap<>();
    for (Map.Entry<String, JsonNode> e : json.path("methods").properties()) {
      methods.put(e.getKey(), e.getValue().asLong());
    }
    Map<Integer, Long> statuses = new java.util.TreeMap<>();
    for (Map.Entry<String, JsonNode> e : json.path("statuses").properties()) {
      statuses.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
    }
    Map<String, Long> faults = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : json.path("faults").properties()) {
      faults.put(e.getKey(), e.getValue().asLong());
    }
    return new HttpMetrics(
        json.path("requests").asLong(),
        java.util.Collections.unmodifiableMap(methods),
        java.util.Collections.unmodifiableMap(statuses),
        java.util.Collections.unmodifiableMap(faults),
        json.path("raw_connections").asLong());
  }

  /**
   * {@code 172.18.0.1:43512} or {@code [fd00::1]:43512} as an address; null for null or {@code -}.
   */
  static InetSocketAddress address(String text) {
    if (text == null || text.isEmpty() || text.equals("-")) return null;
    InetSocketAddress a;
    try {
      a = HostPort.upstream(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    try {
      // The server writes IP literals, so this parses them; it never asks DNS.
      return isLiteral(a.getHostString())
          ? new InetSocketAddress(InetAddress.getByName(a.getHostString()), a.getPort())
          : a;
    } catch (UnknownHostException e) {
      return a;
    }
  }

  private static boolean isLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  /** The port of a listen address such as {@code 0.0.0.0:8666}, or -1. */
  public static int port(String listen) {
    return HostPort.split(listen).port();
  }
}
