package dev.chaosproxy.internal.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps a method and a path such as {@code /proxies/{proxy}/toxics} to a handler. */
final class Router {
  /** Handles one call. */
  interface Handler {
    Reply handle(Call call);
  }

  private static final class Route {
    final String method;
    final String[] segments;
    final Handler handler;

    Route(String method, String template, Handler handler) {
      this.method = method;
      this.segments = split(template);
      this.handler = handler;
    }

    /** The path parameters if {@code path} matches, else null. */
    Map<String, String> match(String[] path) {
      if (path.length != segments.length) return null;
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < path.length; i++) {
        String s = segments[i];
        if (s.startsWith("{")) {
          params.put(s.substring(1, s.length() - 1), path[i]);
        } else if (!s.equals(path[i])) {
          return null;
        }
      }
      return params;
    }

    /**
     * Literal segments win over parameters, so {@code /connections/_all/shutdown} beats {@code
     * {id}}.
     */
    int literals() {
      int n = 0;
      for (String s : segments) if (!s.startsWith("{")) n++;
      return n;
    }
  }

  /** A found route, or why there is none. */
  static final class Match {
    final Handler handler;
    final Map<String, String> params;

    /** Methods the path does accept, when the method did not match. */
    final Set<String> allowed;

    Match(Handler handler, Map<String, String> params, Set<String> allowed) {
      this.handler = handler;
      this.params = params;
      this.allowed = allowed;
    }
  }

  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String template, Handler handler) {
    routes.add(new Route(method, template, handler));
    return this;
  }

  /** The best route for {@code method} and {@code rawPath}; null if no route has that path. */
  Match find(String method, String rawPath) {
    String[] path = split(rawPath);
    for (int i = 0; i < path.length; i++) {
      try {
        path[i] = URLDecoder.decode(path[i].replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("malformed path: " + rawPath);
      }
    }
    Route best = null;
    Map<String, String> bestParams = null;
    Set<String> allowed = new LinkedHashSet<>();
    int bestLiterals = -1;
    for (Route r : routes) {
      Map<String, String> params = r.match(path);
      if (params == null) continue;
      if (!r.method.equals(method)) {
        allowed.add(r.method);
        continue;
      }
      if (r.literals() > bestLiterals) {
        best = r;
        bestParams = params;
        bestLiterals = r.literals();
      }
    }
    if (best != null) return new Match(best.handler, bestParams, Set.of());
    if (allowed.isEmpty()) return null;
    return new Match(null, Map.of(), allowed);
  }

  private static String[] split(String path) {
    String p = path;
    while (p.startsWith("/")) p = p.substring(1);
    if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }
}
