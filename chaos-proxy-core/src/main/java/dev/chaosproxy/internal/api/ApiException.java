package dev.chaosproxy.internal.api;

/** A client mistake (or a state conflict) with the HTTP status it answers with. */
public final class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  /** Toxiproxy's wording: {@code bad request body: <detail>}. */
  public static ApiException badBody(String detail) {
    return new ApiException(400, "bad request body: " + detail);
  }

  /** Toxiproxy's wording: {@code missing required field: <field>}. */
  public static ApiException missingField(String field) {
    return new ApiException(400, "missing required field: " + field);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message);
  }
}
