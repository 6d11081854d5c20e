package dev.chaosproxy.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response the proxy writes itself: status line, headers, a Content-Length body. */
public final class HttpAnswer {
  private HttpAnswer() {}

  /**
   * The bytes of {@code status} with {@code headers} and {@code body} (UTF-8), as an answer to
   * {@code request}: no body bytes to a HEAD, {@code Connection: close} when {@code close}.
   * Content-Length is always set; Content-Type is {@code text/plain; charset=utf-8} for a body
   * unless the headers give one.
   */
  public static byte[] bytes(
      int status, Map<String, String> headers, String body, HttpRequest request, boolean close) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(128 + content.length);
    String version =
        request != null && "HTTP/1.0".equals(request.version()) ? "HTTP/1.0" : "HTTP/1.1";
    b.append(version).append(' ').append(status).append(' ').append(reason(status)).append("\r\n");
    boolean typed = false;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase("Content-Length")) continue;
      typed |= h.getKey().equalsIgnoreCase("Content-Type");
      b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (!typed && content.length > 0) b.append("Content-Type: text/plain; charset=utf-8\r\n");
    b.append("Content-Length: ").append(content.length).append("\r\n");
    if (close) b.append("Connection: close\r\n");
    else if ("HTTP/1.0".equals(version)) b.append("Connection: keep-alive\r\n");
    b.append("\r\n");
    byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
    boolean noBody = request != null && "HEAD".equals(request.method());
    if (noBody || content.length == 0) return head;
    byte[] out = new byte[head.length + content.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(content, 0, out, head.length, content.length);
    return out;
  }

  /**
   * The reason phrase of {@code status} (RFC 9110), or {@code Status} for codes it does not name.
   */
  public static String reason(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 417 -> "Expectation Failed";
      case 422 -> "Unprocessable Content";
      case 425 -> "Too Early";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      case 418 -> "I'm a teapot";
      default -> ""; // a reason phrase may be empty (RFC 9112 4)
    };
  }
}
