/**
 * {@link dev.chaosproxy.testcontainers.ChaosProxyContainer}: chaos-proxy as a Testcontainers
 * container, for code under test that runs in a container too, driven through the same {@link
 * dev.chaosproxy.ProxyControl} as an in-process proxy.
 */
package dev.chaosproxy.testcontainers;
