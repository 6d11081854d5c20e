/**
 * The JUnit Jupiter extension: {@link dev.chaosproxy.junit5.ChaosProxy} starts in-process chaos
 * proxies for a test or a class and injects them as {@link dev.chaosproxy.ProxyControl} parameters;
 * {@link dev.chaosproxy.junit5.ChaosProxyExtension} declares them in code. Works on JUnit 5.10 and
 * later and on JUnit 6; Testcontainers is optional. Everything else lives in {@code
 * dev.chaosproxy.junit5.internal}.
 */
package dev.chaosproxy.junit5;
