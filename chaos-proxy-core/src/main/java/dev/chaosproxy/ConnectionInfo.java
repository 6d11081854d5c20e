package dev.chaosproxy;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one connection through a proxy.
 *
 * @param id unique within the process
 * @param proxy the proxy's name
 * @param client the client's address
 * @param upstream the upstream address it was connected to, or null while connecting
 * @param opened when the client was accepted
 * @param bytesUpstream bytes the proxy wrote to the upstream
 * @param bytesDownstream bytes the proxy wrote to the client
 * @param toxics the toxics acting on it: the proxy's that apply to it (per toxicity), then its own
 * @param state {@code connecting}, {@code open}, {@code half-closed} or {@code closed}
 */
public record ConnectionInfo(
    String id,
    String proxy,
    InetSocketAddress client,
    InetSocketAddress upstream,
    Instant opened,
    long bytesUpstream,
    long bytesDownstream,
    List<String> toxics,
    String state) {}
