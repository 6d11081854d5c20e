/**
 * The {@code @ChaosProxy} JUnit 5 extension: starts in-process proxies per test and injects
 * {@link dev.chaosproxy.ProxyControl} parameters. Filled in by the JUnit 5 issue.
 */
package dev.chaosproxy.junit5;
