package dev.chaosproxy.internal.api.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An answer: a status, extra header fields, and a body with its content type. */
public final class Response {
  private final int status;
  private final String contentType;
  private final byte[] body;
  private final List<String[]> headers = new ArrayList<>(2);

  public Response(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  /**
   * The product's error body, {@code {"error": "...", "status": N, "code": "..."}}, written without
   * a JSON library so that the server's own answers need nothing but the JDK.
   */
  public static Response error(int status, String message) {
    return error(status, code(status), message);
  }

  /** An error body with its machine-readable {@code code} (see {@link #code(int)}). */
  public static Response error(int status, String code, String message) {
    String json =
        "{\"error\":\""
            + escape(message)
            + "\",\"status\":"
            + status
            + ",\"code\":\""
            + code
            + "\"}";
    return new Response(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The {@code code} an error with {@code status} has when nothing more precise is known; clients
   * switch on codes, never on messages, which may change.
   */
  public static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 417 -> "expectation_failed";
      case 431 -> "headers_too_large";
      case 503 -> "unavailable";
      case 505 -> "http_version_not_supported";
      default -> status >= 500 ? "internal_error" : "error";
    };
  }

  /** Adds a header field; returns this. */
  public Response header(String name, String value) {
    headers.add(new String[] {name, value});
    return this;
  }

  public int status() {
    return status;
  }

  /** The bytes on the wire; no body for HEAD and for 1xx, 204 and 304. */
  byte[] encode(boolean head, boolean close) {
    StringBuilder sb = new StringBuilder(128);
    sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    boolean bodyless = status < 200 || status == 204 || status == 304;
    if (contentType != null && !bodyless)
      sb.append("Content-Type: ").append(contentType).append("\r\n");
    if (!bodyless) sb.append("Content-Length: ").append(body.length).append("\r\n");
    for (String[] h : headers) sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
    if (close) sb.append("Connection: close\r\n");
    sb.append("\r\n");
    byte[] head0 = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (head || bodyless || body.length == 0) return head0;
    byte[] all = new byte[head0.length + body.length];
    System.arraycopy(head0, 0, all, 0, head0.length);
    System.arraycopy(body, 0, all, head0.length, body.length);
    return all;
  }

  /** {@code s} as the inside of a JSON string. */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  /** The standard reason phrase; the API's own statuses are all named there. */
  static String reason(int status) {
    String r = dev.chaosproxy.internal.http.HttpAnswer.reason(status);
    if (!r.isEmpty()) return r;
    return status < 300 ? "OK" : status < 500 ? "Client Error" : "Server Error";
  }
}
