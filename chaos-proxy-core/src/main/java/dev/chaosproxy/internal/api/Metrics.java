package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.ProxyMetrics;
import dev.chaosproxy.internal.HostPort;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metrics}: Prometheus text (Toxiproxy's byte counters under their names, then ours),
 * or JSON with {@code ?format=json} or {@code Accept: application/json}.
 */
final class Metrics {
  private final ChaosEngine engine;

  Metrics(ChaosEngine engine) {
    this.engine = engine;
  }

  void register(Router r) {
    r.add("GET", "/metrics", this::metrics);
  }

  private Reply metrics(Call c) {
    List<ProxyControl> proxies = engine.proxies();
    if ("json".equals(c.query("format")) || c.accepts("application/json")) {
      ObjectNode o = Json.object();
      ObjectNode each = o.putObject("proxies");
      for (ProxyControl p : proxies) each.set(p.name(), Views.metrics(p.metrics()));
      return Reply.ok(o);
    }
    if (c.query("format") != null && !"prometheus".equals(c.query("format"))) {
      throw ApiException.badRequest(
          "unknown metrics format '" + c.query("format") + "'; valid: prometheus, json");
    }
    return Reply.text(200, prometheus(proxies), "text/plain; version=0.0.4; charset=utf-8");
  }

  static String prometheus(List<ProxyControl> proxies) {
    StringBuilder out = new StringBuilder();
    header(
        out,
        "toxiproxy_proxy_received_bytes_total",
        "counter",
        "Bytes the proxy read, per direction (Toxiproxy's name).");
    for (ProxyControl p : proxies) {
      ProxyMetrics m = p.metrics();
      line(out, "toxiproxy_proxy_received_bytes_total", link(p, "upstream"), m.receivedUpstream());
      line(
          out,
          "toxiproxy_proxy_received_bytes_total",
          link(p, "downstream"),
          m.receivedDownstream());
    }
    header(
        out,
        "toxiproxy_proxy_sent_bytes_total",
        "counter",
        "Bytes the proxy wrote, per direction (Toxiproxy's name).");
    for (ProxyControl p : proxies) {
      ProxyMetrics m = p.metrics();
      line(out, "toxiproxy_proxy_sent_bytes_total", link(p, "upstream"), m.bytesUpstream());
      line(out, "toxiproxy_proxy_sent_bytes_total", link(p, "downstream"), m.bytesDownstream());
    }
    header(out, "chaos_proxy_connections_active", "gauge", "Connections open now.");
    for (ProxyControl p : proxies)
      line(out, "chaos_proxy_connections_active", proxy(p), p.metrics().connectionsActive());
    header(out, "chaos_proxy_connections_total", "counter", "Connections accepted.");
    for (ProxyControl p : proxies)
      line(out, "chaos_proxy_connections_total", proxy(p), p.metrics().connectionsTotal());
    header(
        out,
        "chaos_proxy_upstream_failures_total",
        "counter",
        "Connects to the upstream that failed.");
    for (ProxyControl p : proxies)
      line(out, "chaos_proxy_upstream_failures_total", proxy(p), p.metrics().upstreamFailures());
    header(out, "chaos_proxy_faults_total", "counter", "Times each toxic type acted.");
    for (ProxyControl p : proxies) {
      for (Map.Entry<String, Long> f : p.metrics().faults().entrySet()) {
        line(
            out,
            "chaos_proxy_faults_total",
            proxy(p) + ",type=\"" + f.getKey() + "\"",
            f.getValue());
      }
    }
    header(
        out,
        "chaos_proxy_http_requests_total",
        "counter",
        "Requests an HTTP proxy saw, per method.");
    for (ProxyControl p : proxies) {
      for (Map.Entry<String, Long> m : p.metrics().http().methods().entrySet()) {
        line(
            out,
            "chaos_proxy_http_requests_total",
            "method=\"" + escape(m.getKey()) + "\"," + proxy(p),
            m.getValue());
      }
    }
    header(
        out,
        "chaos_proxy_http_responses_total",
        "counter",
        "Final answers the clients of an HTTP proxy got, per status (a fault's own included).");
    for (ProxyControl p : proxies) {
      for (Map.Entry<Integer, Long> st : p.metrics().http().statuses().entrySet()) {
        line(
            out,
            "chaos_proxy_http_responses_total",
            proxy(p) + ",status=\"" + st.getKey() + "\"",
            st.getValue());
      }
    }
    header(
        out,
        "chaos_proxy_http_raw_connections_total",
        "counter",
        "Connections of an HTTP proxy passed on as raw TCP (not readable as HTTP/1.1).");
    for (ProxyControl p : proxies) {
      if (p.protocol() == dev.chaosproxy.Protocol.HTTP) {
        line(
            out,
            "chaos_proxy_http_raw_connections_total",
            proxy(p),
            p.metrics().http().rawConnections());
      }
    }
    header(out, "chaos_proxy_enabled", "gauge", "1 when the proxy is up (listening).");
    for (ProxyControl p : proxies) line(out, "chaos_proxy_enabled", proxy(p), p.enabled() ? 1 : 0);
    return out.toString();
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void line(StringBuilder out, String name, String labels, long value) {
    out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
  }

  private static String proxy(ProxyControl p) {
    return "proxy=\"" + escape(p.name()) + "\"";
  }

  private static String link(ProxyControl p, String direction) {
    return "direction=\""
        + direction
        + "\",listener=\""
        + escape(HostPort.format(p.address()))
        + "\","
        + proxy(p)
        + ",upstream=\""
        + escape(p.target() == null ? "" : p.target())
        + "\"";
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
