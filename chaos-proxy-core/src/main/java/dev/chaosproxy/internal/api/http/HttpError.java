package dev.chaosproxy.internal.api.http;

/**
 * A request the server cannot take, with the status it is answered with; the connection then
 * closes.
 */
public final class HttpError extends RuntimeException {
  private final int status;

  public HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
