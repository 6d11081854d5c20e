/**
 * The REST control API: {@link dev.chaosproxy.internal.api.ApiServer} on the JDK's HTTP server;
 * {@code ToxiproxyApi} (Toxiproxy 2.x's endpoints and shapes), {@code NativeApi} (connections,
 * per-connection toxics, injection, per-proxy reset and metrics), {@code TrixterApi} (trixter's
 * per-connection knobs), {@code Metrics} (Prometheus text and JSON). Requests are read by {@code
 * Body}, answered with {@code Reply}; client mistakes are {@code ApiException}s (4xx).
 */
package dev.chaosproxy.internal.api;
