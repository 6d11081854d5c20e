package dev.chaosproxy.bench.junit;

import dev.chaosproxy.junit5.ChaosProxy;

/** The hundred trivial tests, each with a new {@code @ChaosProxy} proxy, injected. */
@ChaosProxy(name = "db", upstream = "localhost:${bench.upstream.port:5432}")
public class PerMethodProxyTests extends ProxyTests {}
