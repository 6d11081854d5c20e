package dev.chaosproxy.internal.api;

import dev.chaosproxy.internal.api.http.Response;

/**
 * A client mistake (or a state conflict) with the HTTP status and the machine-readable {@code code}
 * it answers with.
 */
public final class ApiException extends RuntimeException {
  /** A proxy the path names does not exist (or was deleted meanwhile). */
  public static final String PROXY_NOT_FOUND = "proxy_not_found";

  public static final String TOXIC_NOT_FOUND = "toxic_not_found";

  /** A connection the path names has ended, or never was. */
  public static final String CONNECTION_NOT_FOUND = "connection_not_found";

  /** A schedule the path names is not listed on its proxy (never started, or stopped). */
  public static final String SCHEDULE_NOT_FOUND = "schedule_not_found";

  /** A schedule of that name is running on the proxy. */
  public static final String SCHEDULE_EXISTS = "schedule_exists";

  public static final String PROXY_EXISTS = "proxy_exists";
  public static final String TOXIC_EXISTS = "toxic_exists";

  /** A listen address is taken. */
  public static final String ADDRESS_IN_USE = "address_in_use";

  private final int status;
  private final String code;

  public ApiException(int status, String message) {
    this(status, Response.code(status), message);
  }

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The same error, its message followed by {@code where} it happened. */
  public ApiException at(String where) {
    return new ApiException(status, code, getMessage() + " (" + where + ")");
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

  /** Toxiproxy's wording: {@code proxy not found: '<name>'<detail>}. */
  public static ApiException proxyNotFound(String name, String detail) {
    return new ApiException(404, PROXY_NOT_FOUND, "proxy not found: '" + name + "'" + detail);
  }

  public static ApiException toxicNotFound(String message) {
    return new ApiException(404, TOXIC_NOT_FOUND, message);
  }

  public static ApiException connectionNotFound(String message) {
    return new ApiException(404, CONNECTION_NOT_FOUND, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }
}
