/**
 * {@code ChaosProxyContainer}: the chaos proxy as a container image, driven through the same
 * {@link dev.chaosproxy.ProxyControl} over REST. Filled in by the Testcontainers issue.
 */
package dev.chaosproxy.testcontainers;
