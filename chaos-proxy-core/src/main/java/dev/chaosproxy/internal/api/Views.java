package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.ProxyMetrics;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.toxics.Bandwidth;
import dev.chaosproxy.internal.chaos.toxics.Corrupt;
import dev.chaosproxy.internal.chaos.toxics.Latency;
import dev.chaosproxy.internal.chaos.toxics.Slicer;
import dev.chaosproxy.internal.chaos.toxics.Terminate;
import dev.chaosproxy.internal.relay.ConnectionRef;
import dev.chaosproxy.internal.relay.LocalProxy;
import dev.chaosproxy.internal.relay.Timeline;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the API: Toxiproxy's for proxies and toxics, trixter's inside connections. */
final class Views {
  private Views() {}

  /**
   * {@code {"name","listen","upstream","enabled","toxics":[...]}} plus the proxy's seed, and {@code
   * "protocol":"http"} for an HTTP proxy only (a TCP proxy keeps Toxiproxy's shape).
   */
  static ObjectNode proxy(LocalProxy p) {
    ObjectNode o = Json.object();
    o.put("name", p.name());
    o.put("listen", HostPort.format(p.boundAddress()));
    o.put("upstream", p.target() == null ? "" : p.target());
    o.put("enabled", p.enabled());
    if (p.protocol() == dev.chaosproxy.Protocol.HTTP) o.put("protocol", p.protocol().wireName());
    o.set("toxics", toxics(p.toxicList()));
    o.put("seed", p.seed());
    return o;
  }

  static ArrayNode toxics(List<Toxic> toxics) {
    ArrayNode a = Json.array();
    for (Toxic t : toxics) a.add(toxic(t));
    return a;
  }

  /**
   * {@code {"events":[{"sequence","time","proxy","connection","connection_number","toxic","type",
   * "stream","offset"}], "last": N, "dropped": N}}; an HTTP fault's event also has {@code
   * "request"} ({@code "GET /search #3"}).
   */
  static ObjectNode events(Timeline timeline, long after) {
    ObjectNode o = Json.object();
    long last = timeline.last();
    ArrayNode a = o.putArray("events");
    for (ChaosEvent e : timeline.since(after)) {
      ObjectNode n = a.addObject();
      n.put("sequence", e.sequence());
      n.put("time", e.time().toString());
      n.put("proxy", e.proxy());
      n.put("connection", e.connection());
      n.put("connection_number", e.connectionNumber());
      n.put("toxic", e.toxic());
      n.put("type", e.type().wireName());
      n.put("stream", e.direction().wireName());
      n.put("offset", e.offset());
      if (e.request() != null) n.put("request", e.request());
    }
    o.put("last", last);
    o.put("dropped", timeline.dropped());
    return o;
  }

  /**
   * {@code {"name","type","stream","toxicity","attributes":{...}}}, and {@code "trigger"} if set.
   */
  static ObjectNode toxic(Toxic t) {
    ObjectNode o = Json.object();
    o.put("name", t.name());
    o.put("type", t.type().wireName());
    o.put("stream", t.direction().wireName());
    o.put("toxicity", t.toxicity());
    ObjectNode attrs = o.putObject("attributes");
    for (Map.Entry<String, Object> e : t.attributes().entrySet()) {
      attrs.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
    }
    if (t.trigger() != null) o.set("trigger", Json.MAPPER.valueToTree(t.trigger().conditions()));
    return o;
  }

  /**
   * A live connection: our fields, the toxics acting on it (each with its scope), and trixter's
   * fields ({@code conn_info}, {@code delay}, {@code throttle_rate}, ...) so trixter's clients
   * work.
   */
  static ObjectNode connection(ConnectionRef c) {
    ConnectionInfo i = c.info();
    List<Toxic> acting = c.activeToxics();
    List<Toxic> own = c.ownToxics();
    ObjectNode o = Json.object();
    o.put("id", i.id());
    o.put("proxy", i.proxy());
    o.put("client", HostPort.format(i.client()));
    o.put("upstream", i.upstream() == null ? null : HostPort.format(i.upstream()));
    o.put("opened", i.opened().toString());
    o.put("state", i.state());
    o.put("bytes_upstream", i.bytesUpstream());
    o.put("bytes_downstream", i.bytesDownstream());
    ArrayNode toxics = o.putArray("toxics");
    for (Toxic t : acting) {
      ObjectNode tj = toxic(t);
      tj.put("scope", own.contains(t) ? "connection" : "proxy");
      toxics.add(tj);
    }
    ObjectNode info = o.putObject("conn_info");
    info.put("id", i.id());
    info.put("downstream", HostPort.format(i.client()));
    info.put("upstream", i.upstream() == null ? null : HostPort.format(i.upstream()));
    long delayMs = Math.round(first(acting, ToxicType.LATENCY, Latency.LATENCY));
    ObjectNode delay = o.putObject("delay");
    delay.put("secs", delayMs / 1000);
    delay.put("nanos", (delayMs % 1000) * 1_000_000);
    o.put("throttle_rate", (long) first(acting, ToxicType.BANDWIDTH, Bandwidth.RATE_BYTES));
    o.put("slice_size", (long) first(acting, ToxicType.SLICER, Slicer.AVERAGE_SIZE));
    o.put("terminate_probability_rate", first(acting, ToxicType.TERMINATE, Terminate.PROBABILITY));
    o.put("corrupt_probability_rate", first(acting, ToxicType.CORRUPT, Corrupt.PROBABILITY));
    return o;
  }

  /** The attribute of the first toxic of {@code type}, or 0 when none acts. */
  private static double first(List<Toxic> toxics, ToxicType type, Attr attribute) {
    for (Toxic t : toxics) {
      if (t.type() == type) return attribute.doubleValue(t);
    }
    return 0;
  }

  static ObjectNode metrics(ProxyMetrics m) {
    ObjectNode o = Json.object();
    o.put("proxy", m.proxy());
    o.put("connections_active", m.connectionsActive());
    o.put("connections_total", m.connectionsTotal());
    o.put("bytes_upstream", m.bytesUpstream());
    o.put("bytes_downstream", m.bytesDownstream());
    o.put("received_upstream", m.receivedUpstream());
    o.put("received_downstream", m.receivedDownstream());
    o.put("upstream_failures", m.upstreamFailures());
    ObjectNode f = o.putObject("faults");
    for (Map.Entry<String, Long> e : m.faults().entrySet()) f.put(e.getKey(), e.getValue());
    o.set("http", http(m.http()));
    return o;
  }

  /**
   * {@code {"requests","methods":{..},"statuses":{"503":N},"faults":{..},"raw_connections"}}: the
   * names the remote client reads.
   */
  static ObjectNode http(dev.chaosproxy.HttpMetrics h) {
    ObjectNode o = Json.object();
    o.put("requests", h.requests());
    ObjectNode methods = o.putObject("methods");
    for (Map.Entry<String, Long> e : h.methods().entrySet()) methods.put(e.getKey(), e.getValue());
    ObjectNode statuses = o.putObject("statuses");
    for (Map.Entry<Integer, Long> e : h.statuses().entrySet())
      statuses.put(Integer.toString(e.getKey()), e.getValue());
    ObjectNode faults = o.putObject("faults");
    for (Map.Entry<String, Long> e : h.faults().entrySet()) faults.put(e.getKey(), e.getValue());
    o.put("raw_connections", h.rawConnections());
    return o;
  }
}
