/**
 * HTTP samples: real clients (OkHttp, the JDK's HttpClient, Resilience4j around OkHttp) through a
 * chaos proxy. {@link HttpTimeoutsTest}: which timeout fires under TCP faults (a slow, sliced,
 * throttled, trickling response) against the JDK's own HTTP server. The others put HTTP faults
 * ({@code proxy.http()}, an HTTP proxy) on requests to the {@link
 * dev.chaosproxy.samples.servers.Shop}, a small Javalin app, one fault family each: answers
 * ({@link RetryAfterTest}, {@link CircuitBreakerTest}), replaced answers ({@link ReplaceTest}),
 * delays ({@link DelayRequestTest}, {@link DelayedBodyTimeoutTest}), aborts ({@link ChunkedCutTest},
 * {@link AbortBeforeResponseTest}), throttling ({@link ThrottleBodyTest}), corruption ({@link
 * CorruptBodyTest}), headers ({@link HeadersTest}), and none matching ({@link PassthroughTest}).
 */
package dev.chaosproxy.samples.http;
