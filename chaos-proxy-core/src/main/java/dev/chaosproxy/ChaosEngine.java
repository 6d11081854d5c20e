package dev.chaosproxy;

import dev.chaosproxy.internal.Durations;
import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.internal.ProxyHandle;
import dev.chaosproxy.internal.loop.Ticker;
import dev.chaosproxy.internal.relay.EngineCore;
import dev.chaosproxy.internal.relay.LocalProxy;
import dev.chaosproxy.internal.relay.MemoryBudget;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Runs proxies in this process on a small fixed set of event-loop threads (no thread per
 * connection). Create one, start proxies on it, close it when done: closing stops every proxy and
 * thread it made.
 *
 * <pre>{@code
 * try (ChaosEngine engine = ChaosEngine.start()) {
 *   ProxyControl redis = engine.newProxy("redis").upstream("localhost:6379").start();
 *   redis.delay(Duration.ofMillis(250));
 *   // point the client at redis.host():redis.port()
 * }
 * }</pre>
 */
public final class ChaosEngine implements AutoCloseable {
  /** Each loop's scratch buffer: large reads mean fewer system calls per byte relayed. */
  private static final int READ_BUFFER_SIZE = 256 * 1024;

  static {
    Engines.register(e -> e.core); // the internals, for the project's own packages only
  }

  private final EngineCore core;
  private final Defaults defaults;

  private ChaosEngine(Builder b) {
    this.defaults = new Defaults(b.bufferSize, b.latencyBudget, b.connectTimeout);
    this.core =
        new EngineCore(
            b.eventLoops,
            READ_BUFFER_SIZE,
            b.seed != null ? b.seed : ThreadLocalRandom.current().nextLong(),
            b.memoryBudget != null ? b.memoryBudget.bytes() : MemoryBudget.defaultLimit(),
            b.ticker);
  }

  /** An engine with the defaults: one event loop per core (at most 4), a random seed. */
  public static ChaosEngine start() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts describing a proxy named {@code name}; {@link ProxyBuilder#start()} starts it. */
  public ProxyBuilder newProxy(String name) {
    return new ProxyBuilder(this, name);
  }

  /** The proxy named {@code name}, if it exists. */
  public Optional<ProxyControl> proxy(String name) {
    Objects.requireNonNull(name, "name");
    return core.proxy(name).map(ProxyHandle::new);
  }

  /** The proxies, by name. */
  public List<ProxyControl> proxies() {
    return core.proxies().stream().map(ProxyHandle::new).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The bytes all connections of this engine may hold at once (see {@link Builder#memoryBudget}).
   */
  public DataSize memoryBudget() {
    return DataSize.ofBytes(core.budget().limit());
  }

  /** The seed every proxy's random decisions derive from (unless a proxy was given its own). */
  public long seed() {
    return core.seed();
  }

  public boolean isClosed() {
    return core.isClosed();
  }

  /** Stops every proxy and the event-loop threads. Idempotent. */
  @Override
  public void close() {
    core.close();
  }

  Defaults defaults() {
    return defaults;
  }

  ProxyControl start(
      String name,
      java.net.InetSocketAddress listen,
      String upstream,
      boolean enabled,
      List<Toxic> toxics,
      dev.chaosproxy.internal.relay.Settings settings,
      Long seed) {
    LocalProxy p = core.start(name, listen, upstream, enabled, toxics, settings, seed);
    return new ProxyHandle(p);
  }

  static final class Defaults {
    final DataSize bufferSize;
    final DataSize latencyBudget;
    final Duration connectTimeout;

    Defaults(DataSize bufferSize, DataSize latencyBudget, Duration connectTimeout) {
      this.bufferSize = bufferSize;
      this.latencyBudget = latencyBudget;
      this.connectTimeout = connectTimeout;
    }
  }

  /** Configures a {@link ChaosEngine}. */
  public static final class Builder {
    private int eventLoops = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private Long seed;
    private DataSize bufferSize = DataSize.ofKiB(64);
    private DataSize latencyBudget;
    private DataSize memoryBudget;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Ticker ticker = Ticker.SYSTEM;

    private Builder() {}

    /** The clock the event loops and effects read; package-private, for tests on a fake one. */
    Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** How many event-loop threads carry all proxies' connections (default: cores, at most 4). */
    public Builder eventLoops(int count) {
      if (count < 1 || count > 256)
        throw new IllegalArgumentException("eventLoops must be between 1 and 256, was " + count);
      this.eventLoops = count;
      return this;
    }

    /** Makes every random decision reproducible: the same seed and traffic give the same faults. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Bytes a connection may hold per direction before it stops reading (default 64 KiB). */
    public Builder bufferSize(DataSize size) {
      this.bufferSize = checkBufferSize(size);
      return this;
    }

    /**
     * The bytes all connections of the engine may hold at once: delayed chunks, queued slices,
     * whatever a toxic holds, the part of a read the receiver did not take yet (default: a quarter
     * of the heap, {@code Runtime.maxMemory() / 4}). When it is reached, connections stop reading
     * until they have written some out, so senders slow down through TCP's backpressure; nothing
     * fails and no byte is lost. Each connection direction gets a fair share (the budget ÷ the
     * directions holding bytes, at least 16 KiB) and may always hold 16 KiB, so the engine holds at
     * most the budget plus 16 KiB per connection direction.
     */
    public Builder memoryBudget(DataSize size) {
      this.memoryBudget = checkMemoryBudget(size);
      return this;
    }

    /**
     * Optional: at most this many extra bytes a connection may hold per direction while a latency
     * toxic delays them. Unset (the default), the {@linkplain #memoryBudget memory budget}'s share
     * decides, so a link can carry latency × rate bytes in flight; set it to keep one connection's
     * delayed bytes smaller than that (bulk throughput ≈ cap ÷ latency).
     */
    public Builder latencyBudget(DataSize size) {
      this.latencyBudget = Objects.requireNonNull(size, "latencyBudget");
      return this;
    }

    /** How long a connect to an upstream may take before the client is reset (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = checkConnectTimeout(timeout);
      return this;
    }

    public ChaosEngine build() {
      return new ChaosEngine(this);
    }
  }

  static DataSize checkBufferSize(DataSize size) {
    Objects.requireNonNull(size, "bufferSize");
    if (size.bytes() < 1024 || size.bytes() > (1 << 30)) {
      throw new IllegalArgumentException("bufferSize must be between 1KiB and 1GiB, was " + size);
    }
    return size;
  }

  static DataSize checkMemoryBudget(DataSize size) {
    Objects.requireNonNull(size, "memoryBudget");
    if (size.bytes() < MemoryBudget.FLOOR) {
      throw new IllegalArgumentException("memoryBudget must be at least 16KiB, was " + size);
    }
    return size;
  }

  static Duration checkConnectTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "connectTimeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "connectTimeout must be positive, was " + Durations.show(timeout));
    }
    return timeout;
  }
}
