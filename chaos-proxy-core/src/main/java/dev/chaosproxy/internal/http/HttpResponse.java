package dev.chaosproxy.internal.http;

/** A response as the tracker saw it pass: status, headers, offsets and the request it answers. */
public final class HttpResponse extends HttpMessage {
  final HttpRequest request;
  int status;
  String reason;

  HttpResponse(HttpRequest request) {
    this.request = request;
  }

  /**
   * The request this answers, oldest unanswered first (so pipelined requests pair in order); null
   * when the server spoke before any request head had passed (an unsolicited {@code 408}).
   */
  public HttpRequest request() {
    return request;
  }

  /** The status code, 100..599. */
  public int status() {
    return status;
  }

  /** The reason phrase as sent, possibly empty. */
  public String reason() {
    return reason;
  }

  /** Whether this is an interim 1xx response: the final answer to its request is still to come. */
  public boolean interim() {
    return status < 200;
  }

  @Override
  public String toString() {
    return "response " + status + " to " + (request == null ? "no request" : request.toString());
  }
}
