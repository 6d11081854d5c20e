package dev.chaosproxy.bench.junit;

import dev.chaosproxy.junit5.ChaosProxy;

/**
 * The hundred trivial tests sharing one {@code PER_CLASS} proxy, reset to its chaos after each
 * test.
 */
@ChaosProxy(
    name = "db",
    upstream = "localhost:${bench.upstream.port:5432}",
    lifecycle = ChaosProxy.Lifecycle.PER_CLASS,
    chaos = "delay 1ms")
public class PerClassProxyTests extends ProxyTests {}
