/**
 * The extension's implementation; not an API. Declarations are read and checked here ({@link
 * dev.chaosproxy.junit5.internal.Annotations}), proxies are started on the run's one engine ({@link
 * dev.chaosproxy.junit5.internal.Starter}) and kept in the extension contexts' stores ({@link
 * dev.chaosproxy.junit5.internal.Scopes}). {@link dev.chaosproxy.junit5.internal.Callbacks} is what
 * the extension does at each lifecycle point, {@link dev.chaosproxy.junit5.internal.Parameters}
 * resolves {@code ProxyControl} parameters, {@link dev.chaosproxy.junit5.internal.Naming} names
 * tests and proxies in messages and on the engine.
 */
package dev.chaosproxy.junit5.internal;
