/**
 * Implementation; not API. As OkHttp's {@code internal} packages, these (and their subpackages) are
 * shared by chaos-proxy's own modules of the same version: the Testcontainers module binds the
 * vocabulary and the wire model to REST through them, and checks at start that core is its own
 * version. They change without notice. {@link dev.chaosproxy.internal.ChaosHandle} writes the
 * fluent fault vocabulary once over an abstract list of toxics; {@code ProxyHandle} and {@code
 * ConnectionHandle} bind it to a local proxy or connection (a remote binding lives in the
 * Testcontainers module).
 */
package dev.chaosproxy.internal;
