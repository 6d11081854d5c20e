package dev.chaosproxy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON-over-HTTP client for the control API's tests: raw statuses and bodies. */
public final class Http {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  public Http(URI base) {
    this(base, null);
  }

  public Http(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A response: status, raw body, parsed JSON (null when the body is not JSON). */
  public record Response(
      int status, String body, JsonNode json, java.net.http.HttpHeaders headers) {
    public String error() {
      return json == null || json.get("error") == null ? null : json.get("error").asText();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  public Response get(String path) {
    return send("GET", path, null);
  }

  public Response post(String path, String body) {
    return send("POST", path, body);
  }

  public Response patch(String path, String body) {
    return send("PATCH", path, body);
  }

  public Response put(String path, String body) {
    return send("PUT", path, body);
  }

  public Response delete(String path) {
    return send("DELETE", path, null);
  }

  public Response send(String method, String path, String body) {
    return send(method, path, body, b -> b);
  }

  public Response send(
      String method,
      String path,
      String body,
      java.util.function.UnaryOperator<HttpRequest.Builder> customize) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) b.header("Content-Type", "application/json");
    if (token != null) b.header("Authorization", "Bearer " + token);
    try {
      HttpResponse<String> r =
          client.send(customize.apply(b).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      String ct = r.headers().firstValue("Content-Type").orElse("");
      if (ct.startsWith("application/json") && !r.body().isEmpty())
        json = MAPPER.readTree(r.body());
      return new Response(r.statusCode(), r.body(), json, r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
