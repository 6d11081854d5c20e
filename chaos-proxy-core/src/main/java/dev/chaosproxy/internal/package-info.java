/**
 * Implementation; not API. {@link dev.chaosproxy.internal.ChaosHandle} writes the fluent fault
 * vocabulary once over an abstract list of toxics; {@code ProxyHandle} and {@code ConnectionHandle}
 * bind it to a local proxy or connection (a remote binding lives in the Testcontainers module).
 */
package dev.chaosproxy.internal;
