package dev.chaosproxy.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which requests an HTTP fault is for: methods, a path glob or regex, a header present or equal.
 * Empty parts match everything. Immutable; made from a toxic's attributes, which it validates.
 */
public final class HttpMatch {
  /** The methods a matcher may name (RFC 9110 and PATCH). */
  public static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  public static final HttpMatch ANY = new HttpMatch(List.of(), null, null, null, null);

  private final List<String> methods;
  private final Pattern path;
  private final String pathText;
  private final String headerName;
  private final String headerValue;

  private HttpMatch(
      List<String> methods, Pattern path, String pathText, String headerName, String headerValue) {
    this.methods = methods;
    this.path = path;
    this.pathText = pathText;
    this.headerName = headerName;
    this.headerValue = headerValue;
  }

  /**
   * A matcher from attribute values: {@code method} ({@code GET} or {@code GET,HEAD}; empty: any),
   * {@code path} (a glob: {@code *} within a segment, {@code **} across segments, so {@code
   * /search/**} is {@code /search} and all below; empty: any), {@code pathRegex} (a Java regex the
   * whole path must match; empty: any), {@code header} ({@code Name} present or {@code Name: value}
   * equal; empty: any).
   *
   * @throws IllegalArgumentException naming the attribute that is wrong and what is valid
   */
  public static HttpMatch of(String method, String path, String pathRegex, String header) {
    List<String> methods = methods(method);
    Pattern p = null;
    String text = null;
    if (!path.isEmpty() && !pathRegex.isEmpty()) {
      throw new IllegalArgumentException(
          "give 'path' (a glob) or 'path_regex', not both: path=\""
              + path
              + "\", path_regex=\""
              + pathRegex
              + "\"");
    }
    if (!path.isEmpty()) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException(
            "attribute 'path' is a glob that starts with '/' (e.g. /search/** or /items/*/price),"
                + " was \""
                + path
                + "\"");
      }
      p = Pattern.compile(glob(path));
      text = path;
    } else if (!pathRegex.isEmpty()) {
      try {
        p = Pattern.compile(pathRegex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "attribute 'path_regex' is not a valid regular expression: "
                + e.getDescription()
                + " near index "
                + e.getIndex()
                + " of \""
                + pathRegex
                + "\"");
      }
      text = "~" + pathRegex;
    }
    String name = null;
    String value = null;
    if (!header.isEmpty()) {
      int colon = header.indexOf(':');
      name = (colon < 0 ? header : header.substring(0, colon)).trim();
      value = colon < 0 ? null : header.substring(colon + 1).trim();
      if (name.isEmpty() || !isToken(name)) {
        throw new IllegalArgumentException(
            "attribute 'header' is Name (present) or Name: value (equal), e.g. \"X-Tenant: blue\";"
                + " was \""
                + header
                + "\"");
      }
    }
    if (methods.isEmpty() && p == null && name == null) return ANY;
    return new HttpMatch(methods, p, text, name, value);
  }

  private static List<String> methods(String method) {
    List<String> out = new ArrayList<>();
    if (method.isBlank() || method.trim().equals("*")) return List.of();
    for (String m : method.split(",", -1)) {
      String t = m.trim().toUpperCase(Locale.ROOT);
      if (!METHODS.contains(t)) {
        throw new IllegalArgumentException(
            "attribute 'method': unknown method \""
                + m.trim()
                + "\"; valid: GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT"
                + " (several separated by commas; empty or * for any)");
      }
      if (!out.contains(t)) out.add(t);
    }
    return List.copyOf(out);
  }

  /**
   * A path glob as a regex: {@code **} any characters, {@code *} and {@code ?} within a segment; a
   * trailing {@code /**} also matches the path without it ({@code /a/**} matches {@code /a}).
   */
  static String glob(String glob) {
    if (glob.endsWith("/**")) return glob(glob.substring(0, glob.length() - 3)) + "(?:/.*)?";
    StringBuilder b = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c != '*' && c != '?') {
        literal.append(c);
        continue;
      }
      if (literal.length() > 0) b.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
      if (c == '?') {
        b.append("[^/]");
      } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        b.append(".*");
        i++;
      } else {
        b.append("[^/]*");
      }
    }
    if (literal.length() > 0) b.append(Pattern.quote(literal.toString()));
    return b.toString();
  }

  /** Whether {@code s} is an HTTP token (a field name, a method): RFC 9110 {@code tchar}s. */
  public static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c >= '0' && c <= '9'
              || c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) return false;
    }
    return true;
  }

  /** Whether {@code request} is one this matcher is for. */
  public boolean matches(HttpRequest request) {
    if (!methods.isEmpty() && !methods.contains(request.method())) return false;
    if (path != null && !path.matcher(request.path()).matches()) return false;
    if (headerName != null) {
      if (headerValue == null) return request.headers().get(headerName) != null;
      for (String v : request.headers().values(headerName)) if (v.equals(headerValue)) return true;
      return false;
    }
    return true;
  }

  /** {@code GET /search/** [X-Tenant: blue]}, or {@code any request}. */
  @Override
  public String toString() {
    if (this == ANY) return "any request";
    StringBuilder b =
        new StringBuilder(methods.isEmpty() ? "any method" : String.join(",", methods));
    b.append(' ').append(pathText == null ? "any path" : pathText);
    if (headerName != null) {
      b.append(" [").append(headerName).append(headerValue == null ? "" : ": " + headerValue);
      b.append(']');
    }
    return b.toString();
  }
}
