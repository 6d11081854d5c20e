package dev.chaosproxy.testcontainers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Calls on one chaos-proxy control API, with short timeouts, and HTTP errors turned into the
 * exceptions an in-process proxy throws: a client mistake (400, 409, 413) is an {@link
 * IllegalArgumentException}; a 404 is what the caller says it means (an unknown name, a closed
 * proxy, an ended connection); anything else is an {@link IllegalStateException}. Each carries the
 * server's message.
 */
public final class ControlClient {
  /** Connecting to the mapped port: Docker's port proxy answers at once, or something is wrong. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /**
   * One whole call, retries included: control calls take milliseconds, never waiting on traffic.
   */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private static final MediaType JSON = MediaType.get("application/json");

  /**
   * One client for every container (OkHttp's advice: one pool, one set of threads). IPv4 first and
   * no racing of IPv6 against it: Docker publishes a port on 0.0.0.0 and on :: under different
   * numbers, and the mapped port Testcontainers reports is the IPv4 one, so {@code ::1} at that
   * number may be another container. Idle connections go after 20 s, before the JDK server's 30 s.
   */
  private static final OkHttpClient HTTP =
      new OkHttpClient.Builder()
          .connectTimeout(CONNECT_TIMEOUT)
          .readTimeout(CALL_TIMEOUT)
          .writeTimeout(CALL_TIMEOUT)
          .callTimeout(CALL_TIMEOUT)
          .fastFallback(false)
          .dns(
              host -> {
                List<InetAddress> all = new ArrayList<>(List.of(InetAddress.getAllByName(host)));
                all.sort(
                    (a, b) ->
                        Boolean.compare(
                            !(a instanceof Inet4Address), !(b instanceof Inet4Address)));
                return all;
              })
          .connectionPool(new ConnectionPool(4, 20, TimeUnit.SECONDS))
          .build();

  /**
   * What a 404 means where it is asked: the exception to throw, built from the server's error
   * {@code code} (such as {@code proxy_not_found}; {@code not_found} from a server that sends none)
   * and message, or null when nothing there is fine (deleting what is already gone).
   */
  @FunctionalInterface
  public interface NotFound {
    RuntimeException exception(String code, String serverMessage);
  }

  private final HttpUrl base;
  private final String authorization;

  /**
   * A client of the API at {@code http://host:port}, sending {@code token} as a bearer token when
   * not null.
   */
  public ControlClient(String host, int port, String token) {
    this.base = new HttpUrl.Builder().scheme("http").host(host).port(port).build();
    this.authorization = token == null ? null : "Bearer " + token;
  }

  /** {@code http://host:port}. */
  public String baseUrl() {
    String s = base.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * The URL of {@code segments} (each encoded as one path segment).
   *
   * @throws IllegalArgumentException for a segment that is no segment: empty, or one OkHttp
   *     resolves as {@code .} or {@code ..} (which would make the URL another path)
   */
  public HttpUrl url(String... segments) {
    HttpUrl.Builder b = base.newBuilder();
    for (String s : segments) {
      if (!isPathSegment(s)) {
        throw new IllegalArgumentException(
            "'"
                + s
                + "' cannot be a name in a URL of the control API"
                + " (empty, '.' and '..' are not path segments)");
      }
      b.addPathSegment(s);
    }
    return b.build();
  }

  /**
   * Whether {@code s} can be one path segment as it is: not null, empty, nor {@code .} or {@code
   * ..} (also percent-encoded).
   */
  public static boolean isPathSegment(String s) {
    if (s == null || s.isEmpty()) return false;
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    return !(lower.equals(".")
        || lower.equals("%2e")
        || lower.equals("..")
        || lower.equals("%2e.")
        || lower.equals(".%2e")
        || lower.equals("%2e%2e"));
  }

  /**
   * {@code url} with the query parameter {@code key=value}, or {@code url} itself when value is
   * null or blank.
   */
  public static HttpUrl query(HttpUrl url, String key, String value) {
    return value == null || value.isBlank()
        ? url
        : url.newBuilder().addQueryParameter(key, value).build();
  }

  public JsonNode get(HttpUrl url, NotFound notFound) {
    return call("GET", url, null, notFound);
  }

  /**
   * {@code method url} with an optional JSON {@code body}; the answer's JSON, or null when it has
   * none.
   */
  public JsonNode call(String method, HttpUrl url, JsonNode body, NotFound notFound) {
    Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
    if (authorization != null) request.header("Authorization", authorization);
    RequestBody content =
        body == null
            ? (requiresBody(method) ? RequestBody.create(new byte[0], JSON) : null)
            : RequestBody.create(Wire.text(body), JSON);
    request.method(method, content);
    try (Response response = HTTP.newCall(request.build()).execute()) {
      String text = bodyText(response.body());
      int status = response.code();
      if (status >= 200 && status < 300) return text.isEmpty() ? null : parse(method, url, text);
      String message = errorMessage(text, status);
      String code = errorCode(text);
      switch (status) {
        case 400:
        case 409:
        case 413:
          throw new IllegalArgumentException(message);
        case 404:
          RuntimeException e = notFound.exception(code, message);
          if (e == null) return null;
          throw e;
        case 401:
          throw new IllegalStateException(
              "the control API at "
                  + baseUrl()
                  + " refused the call (401): "
                  + message
                  + (authorization == null
                      ? "; it wants a token: withApiToken(..)"
                      : "; the token given is not the one it has"));
        default:
          throw new IllegalStateException(
              method + " " + url.encodedPath() + " failed with " + status + ": " + message);
      }
    } catch (InterruptedIOException e) {
      throw new UncheckedIOException(
          method
              + " "
              + url
              + " did not answer within "
              + CALL_TIMEOUT.toSeconds()
              + " s: is the container still running?",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          method + " " + url + " failed: " + e.getMessage() + " (is the container still running?)",
          e);
    }
  }

  /**
   * GET {@code /version}: the status and body, without turning errors into exceptions (for the wait
   * strategy).
   */
  public Probe probe(String path, Duration timeout) {
    Request.Builder request = new Request.Builder().url(url(path));
    if (authorization != null) request.header("Authorization", authorization);
    OkHttpClient quick =
        HTTP.newBuilder().connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout).build();
    try (Response response = quick.newCall(request.build()).execute()) {
      return new Probe(response.code(), bodyText(response.body()), null);
    } catch (IOException e) {
      return new Probe(-1, "", e.toString());
    }
  }

  /**
   * One answer to a probe: {@code status} -1 when there was none, with {@code failure} saying why.
   */
  public record Probe(int status, String body, String failure) {}

  private static boolean requiresBody(String method) {
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
  }

  private static String bodyText(ResponseBody body) throws IOException {
    return body == null ? "" : body.string();
  }

  private JsonNode parse(String method, HttpUrl url, String text) {
    try {
      return Wire.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException(
          method + " " + url.encodedPath() + " answered what is not JSON: " + abbreviate(text), e);
    }
  }

  /**
   * The server's {@code {"code": "..."}}: what went wrong, for a program; {@code not_found} when
   * there is none.
   */
  static String errorCode(String text) {
    try {
      JsonNode json = Wire.MAPPER.readTree(text);
      if (json != null && json.hasNonNull("code")) return json.get("code").asText();
    } catch (IOException ignored) {
      // not JSON: no code
    }
    return "not_found";
  }

  /** The server's {@code {"error": "..."}}, or the body itself when it is not that shape. */
  static String errorMessage(String text, int status) {
    try {
      JsonNode json = Wire.MAPPER.readTree(text);
      if (json != null && json.hasNonNull("error")) return json.get("error").asText();
    } catch (IOException ignored) {
      // not JSON: the text itself says what went wrong
    }
    return text.isBlank() ? "HTTP " + status + " without a message" : abbreviate(text);
  }

  private static String abbreviate(String text) {
    String t = text.strip();
    return t.length() <= 300 ? t : t.substring(0, 300) + "...";
  }

  @Override
  public String toString() {
    return "ControlClient[" + baseUrl() + "]";
  }
}
