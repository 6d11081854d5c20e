package dev.chaosproxy;

import java.util.Map;

/**
 * What an HTTP proxy saw of HTTP since it started (all zero on a TCP proxy).
 *
 * @param requests requests whose head passed (forwarded or answered by a fault)
 * @param methods requests per method, e.g. {@code GET=12}
 * @param statuses final answers per status code as the clients got them: the upstream's, a fault's
 *     own ({@code http_respond}), in place of the upstream's when it replaced one
 * @param faults per HTTP toxic type (wire name), the requests it acted on
 * @param rawConnections connections it could not read as HTTP/1.1 (TLS, HTTP/2, a malformed or
 *     oversized head), passed on as raw TCP from that point, unchanged
 */
public record HttpMetrics(
    long requests,
    Map<String, Long> methods,
    Map<Integer, Long> statuses,
    Map<String, Long> faults,
    long rawConnections) {}
