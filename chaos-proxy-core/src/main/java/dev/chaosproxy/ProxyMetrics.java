package dev.chaosproxy;

import java.util.Map;

/**
 * Counters of one proxy since it started.
 *
 * @param proxy the proxy's name
 * @param connectionsActive connections live now
 * @param connectionsTotal connections accepted
 * @param bytesUpstream bytes written to upstreams
 * @param bytesDownstream bytes written to clients
 * @param receivedUpstream bytes read from clients (more than {@code bytesUpstream} when chaos drops
 *     or holds them, less when it injects)
 * @param receivedDownstream bytes read from upstreams
 * @param upstreamFailures connects to the upstream that failed (refused, timed out, unresolvable)
 * @param faults per toxic type (wire name), how many times it acted: chunks delayed, bytes
 *     corrupted, connections reset or closed; an HTTP fault counts the requests it acted on
 * @param http requests and answers seen on an HTTP proxy (all zero on a TCP proxy)
 */
public record ProxyMetrics(
    String proxy,
    long connectionsActive,
    long connectionsTotal,
    long bytesUpstream,
    long bytesDownstream,
    long receivedUpstream,
    long receivedDownstream,
    long upstreamFailures,
    Map<String, Long> faults,
    HttpMetrics http) {}
