/**
 * Not API: the remote {@link dev.chaosproxy.ProxyControl} and
 * {@link dev.chaosproxy.ConnectionControl} over chaos-proxy's REST API (OkHttp and Jackson), and
 * the container's wait strategy. May change in any release.
 */
package dev.chaosproxy.testcontainers.internal;
