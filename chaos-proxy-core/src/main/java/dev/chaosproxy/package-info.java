/**
 * chaos-proxy's public API: start proxies with {@link dev.chaosproxy.ChaosEngine}, inject faults
 * through {@link dev.chaosproxy.ProxyControl} (the fault vocabulary is {@link
 * dev.chaosproxy.Chaos}), inspect and target single connections with {@link
 * dev.chaosproxy.ConnectionControl}. Everything under {@code internal} may change without notice.
 */
package dev.chaosproxy;
