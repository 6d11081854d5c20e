package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.internal.api.http.Response;
import java.nio.charset.StandardCharsets;

/** What a handler answers: a status and a JSON, text or empty body. */
final class Reply {
  final int status;
  final byte[] body;
  final String contentType;

  private Reply(int status, byte[] body, String contentType) {
    this.status = status;
    this.body = body;
    this.contentType = contentType;
  }

  static Reply json(int status, JsonNode body) {
    return new Reply(status, Json.bytes(body), "application/json");
  }

  /** A body already written as JSON. */
  static Reply json(int status, byte[] body) {
    return new Reply(status, body, "application/json");
  }

  static Reply ok(JsonNode body) {
    return json(200, body);
  }

  static Reply text(int status, String body, String contentType) {
    return new Reply(status, body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  static Reply empty(int status) {
    return new Reply(status, new byte[0], null);
  }

  /** Toxiproxy's error body, {@code {"error": "...", "status": N}}, plus our {@code "code"}. */
  static Reply error(int status, String message) {
    return error(status, Response.code(status), message);
  }

  static Reply error(int status, String code, String message) {
    return json(
        status, Json.object().put("error", message).put("status", status).put("code", code));
  }
}
