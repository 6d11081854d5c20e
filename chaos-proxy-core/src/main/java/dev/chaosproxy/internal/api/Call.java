package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One API request as a handler sees it: path parameters, query, body. */
final class Call {
  private final String method;
  private final Map<String, String> params;
  private final Map<String, String> query;
  private final byte[] body;
  private final String accept;
  private JsonNode json;
  private boolean parsed;

  Call(String method, Map<String, String> params, String rawQuery, byte[] body, String accept) {
    this.method = method;
    this.params = params;
    this.query = parseQuery(rawQuery);
    this.body = body;
    this.accept = accept == null ? "" : accept;
  }

  String method() {
    return method;
  }

  /** The path parameter {@code name}, e.g. {@code proxy} in {@code /proxies/{proxy}}. */
  String param(String name) {
    String v = params.get(name);
    if (v == null) throw new IllegalStateException("route has no parameter " + name);
    return v;
  }

  String query(String name) {
    return query.get(name);
  }

  boolean accepts(String mediaType) {
    return accept.contains(mediaType);
  }

  /** The body as JSON, or null when it is empty. */
  JsonNode json() {
    if (!parsed) {
      json = Json.parse(body);
      parsed = true;
    }
    return json;
  }

  private static Map<String, String> parseQuery(String raw) {
    if (raw == null || raw.isEmpty()) return Collections.emptyMap();
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        m.put(
            URLDecoder.decode(k, StandardCharsets.UTF_8),
            URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("malformed query string: " + raw);
      }
    }
    return m;
  }
}
