package dev.chaosproxy;

/**
 * HTTP faults on an HTTP proxy ({@link ProxyBuilder#http()}), picked per request: {@code
 * api.http().on("GET", "/search/**").fraction(0.2).respond(503)}. Each fault is a toxic of an
 * {@code http_*} type; the same fault on the same route again updates it, another route adds one.
 */
public interface HttpChaos {
  /**
   * Requests of {@code method} ({@code GET}, {@code POST}, ...; {@code GET,HEAD} for several;
   * {@code *} for any) whose path (without the query) matches {@code pathGlob}: {@code *} within a
   * segment, {@code **} across segments, so {@code /search/**} is {@code /search} and all below.
   */
  HttpRoute on(String method, String pathGlob);

  /** Requests of any method whose path matches {@code pathGlob}. */
  HttpRoute on(String pathGlob);

  /** Every request. */
  HttpRoute any();
}
