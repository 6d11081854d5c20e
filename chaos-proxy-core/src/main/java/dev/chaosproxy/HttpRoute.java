package dev.chaosproxy;

import java.time.Duration;
import java.util.Map;

/**
 * The requests an HTTP fault is for, narrowed step by step, and the faults to put on them. Each
 * fault call adds the fault (or updates the same fault on the same route) and returns the {@link
 * HttpChaos} to go on with; the route itself is a value and may be reused.
 *
 * <pre>{@code
 * api.http().on("POST", "/pay").first(2).abortAfterHeaders();
 * api.http().on("GET", "/search/**").fraction(0.5).respond(503, Map.of("Retry-After", "1"), "");
 * }</pre>
 */
public interface HttpRoute {
  /** Only requests that carry header {@code name} (any case). */
  HttpRoute header(String name);

  /** Only requests whose header {@code name} is exactly {@code value}. */
  HttpRoute header(String name, String value);

  /** Only requests whose whole path matches {@code regex} (instead of the route's glob). */
  HttpRoute pathMatching(String regex);

  /**
   * Only this fraction (0..1) of the matching requests, drawn per request from the proxy's seed.
   */
  HttpRoute fraction(double fraction);

  /**
   * Only the first {@code count} matching requests on the proxy (counted from when it is added).
   */
  HttpRoute first(int count);

  /** Only while {@code trigger} holds: which connections, from when (not a point in the stream). */
  HttpRoute when(Trigger trigger);

  /** The fault's toxic gets this name (default: its type, numbered when that is taken). */
  HttpRoute named(String name);

  /** Answers {@code status} with an empty body; the request is not forwarded. */
  HttpChaos respond(int status);

  /** Answers {@code status} with {@code body} (text/plain, UTF-8); the request is not forwarded. */
  HttpChaos respond(int status, String body);

  /** Answers {@code status} with {@code headers} and {@code body}; the request is not forwarded. */
  HttpChaos respond(int status, Map<String, String> headers, String body);

  /** Answers {@code status} with {@code Retry-After} in whole seconds; not forwarded. */
  HttpChaos respondRetryAfter(int status, Duration retryAfter);

  /**
   * Forwards the request, then replaces the upstream's answer with {@code status}, {@code headers}
   * and {@code body}: the upstream did the work, the client hears otherwise.
   */
  HttpChaos replace(int status, Map<String, String> headers, String body);

  /** Holds the request for {@code delay} before forwarding it. */
  HttpChaos delayRequest(Duration delay);

  /** Holds the response's head (and so all of it) for {@code delay} once it has come. */
  HttpChaos delayResponse(Duration delay);

  /** Passes the response's head, then holds its body for {@code delay}. */
  HttpChaos delayBody(Duration delay);

  /** Passes the first {@code after} bytes of the response's body, then holds the rest. */
  HttpChaos delayBody(DataSize after, Duration delay);

  /** Caps the response body to {@code perSecond} bytes per second. */
  HttpChaos throttleBody(DataSize perSecond);

  /** Caps the request body to {@code perSecond} bytes per second. */
  HttpChaos throttleRequestBody(DataSize perSecond);

  /**
   * Resets the connection (RST) where the response would begin: the upstream got the request, the
   * client gets no answer.
   */
  HttpChaos abortBeforeResponse();

  /** Passes the response's head, then resets the connection. */
  HttpChaos abortAfterHeaders();

  /** Passes the head and {@code after} bytes of the body, then resets the connection. */
  HttpChaos abortAfterBody(DataSize after);

  /** As {@link #abortBeforeResponse()}, with a close (FIN) instead of a reset. */
  HttpChaos closeBeforeResponse();

  /** As {@link #abortAfterHeaders()}, with a close (FIN). */
  HttpChaos closeAfterHeaders();

  /** As {@link #abortAfterBody(DataSize)}, with a close (FIN). */
  HttpChaos closeAfterBody(DataSize after);

  /** Changes each byte of the response body with {@code probability}; lengths are kept. */
  HttpChaos corruptBody(double probability);

  /**
   * Changes each byte of the request body the upstream gets with {@code probability}; lengths are
   * kept.
   */
  HttpChaos corruptRequestBody(double probability);

  /** Sets header {@code name} to {@code value} in the response (replacing fields of that name). */
  HttpChaos addHeader(String name, String value);

  /** Removes header {@code name} from the response. */
  HttpChaos removeHeader(String name);

  /** Sets header {@code name} to {@code value} in the request the upstream gets. */
  HttpChaos addRequestHeader(String name, String value);

  /** Removes header {@code name} from the request the upstream gets. */
  HttpChaos removeRequestHeader(String name);
}
