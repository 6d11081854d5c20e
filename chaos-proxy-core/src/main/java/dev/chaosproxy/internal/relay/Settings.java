package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Protocol;
import dev.chaosproxy.internal.Durations;
import java.time.Duration;

/**
 * Per-proxy tuning.
 *
 * @param bufferLimit bytes a flow may hold before it stops reading its source
 * @param latencyBudget at most this many extra bytes a flow may hold while a latency toxic delays
 *     them (the emulated link's bytes in flight), or -1 for no cap of its own: the engine's {@link
 *     MemoryBudget} share decides
 * @param connectTimeout how long a connect to the upstream may take before the client is reset
 * @param protocol what the proxy understands of the bytes: HTTP proxies take HTTP faults
 */
public record Settings(
    long bufferLimit, long latencyBudget, Duration connectTimeout, Protocol protocol) {
  /** A TCP proxy's settings. */
  public Settings(long bufferLimit, long latencyBudget, Duration connectTimeout) {
    this(bufferLimit, latencyBudget, connectTimeout, Protocol.TCP);
  }

  public Settings {
    java.util.Objects.requireNonNull(protocol, "protocol");
    if (bufferLimit < 1024)
      throw new IllegalArgumentException(
          "bufferSize must be >= 1KiB, was " + bufferLimit + " bytes");
    if (latencyBudget < -1)
      throw new IllegalArgumentException("latencyBudget must be >= 0, was " + latencyBudget);
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "connectTimeout must be positive, was " + Durations.show(connectTimeout));
    }
  }
}
