/**
 * Not API: the remote {@link dev.chaosproxy.ProxyControl} and {@link
 * dev.chaosproxy.ConnectionControl} over chaos-proxy's REST API (OkHttp and Jackson), the
 * container's proxies looked up and created over it ({@code ContainerProxies}), its port pool
 * ({@code ProxyPorts}) and checked proxy requests ({@code ProxySpec}), and the container's wait
 * strategy. May change in any release.
 */
package dev.chaosproxy.testcontainers.internal;
