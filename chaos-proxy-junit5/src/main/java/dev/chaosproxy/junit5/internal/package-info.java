/**
 * The extension's implementation; not an API. Declarations are read and checked here, proxies
 * are started on the run's one engine and kept in the extension contexts' stores.
 */
package dev.chaosproxy.junit5.internal;
