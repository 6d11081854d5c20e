package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.loop.LoopGroup;
import dev.chaosproxy.internal.loop.Ticker;
import dev.chaosproxy.internal.schedule.Scheduler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The running engine behind {@code ChaosEngine}: event loops and the proxies on them. */
public final class EngineCore {
  final LoopGroup loops;
  final Resolver resolver = new Resolver();
  final MemoryBudget budget;
  private final Scheduler scheduler = new Scheduler();

  /** The shared bandwidth links of this engine's proxies. */
  final SharedLinks links = new SharedLinks();

  private final long seed;
  private final ConcurrentHashMap<String, LocalProxy> proxies = new ConcurrentHashMap<>();
  private final AtomicLong connectionIds = new AtomicLong();
  private volatile boolean closed;

  public EngineCore(
      int eventLoops, int readBufferSize, long seed, long memoryBudget, Ticker ticker) {
    this.budget = new MemoryBudget(memoryBudget);
    this.loops = new LoopGroup(eventLoops, readBufferSize, ticker);
    this.seed = seed;
  }

  /** The bytes all flows of this engine may hold at once. */
  public MemoryBudget budget() {
    return budget;
  }

  /** The shared bandwidth links (for tests: none is left once no toxic uses it). */
  public SharedLinks links() {
    return links;
  }

  public long seed() {
    return seed;
  }

  public LoopGroup loops() {
    return loops;
  }

  /** Where this engine's schedules change their proxies. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * Tells {@code hook} of every {@link Error} an event loop recovered from (after it reset its
   * connections). Engine-internal: the standalone jar exits on it.
   */
  public void onLoopError(java.util.function.Consumer<Throwable> hook) {
    for (dev.chaosproxy.internal.loop.EventLoop loop : loops.all()) loop.onError(hook);
  }

  /** Replaces the blocking host-name lookup; for tests that need a slow or failing one. */
  void lookup(Resolver.Lookup lookup) {
    resolver.lookup(lookup);
  }

  String nextConnectionId() {
    return Long.toString(connectionIds.incrementAndGet());
  }

  /**
   * Creates and starts a proxy. Its seed is {@code proxySeed} if given, else derived from the
   * engine's seed and its name, so proxies do not share a random stream.
   */
  public LocalProxy start(
      String name,
      InetSocketAddress listen,
      String target,
      boolean enabled,
      List<Toxic> toxics,
      Settings settings,
      Long proxySeed) {
    if (closed) throw new IllegalStateException("the chaos engine is closed");
    long s = proxySeed != null ? proxySeed : Rng.mix(seed, Rng.hash(name));
    LocalProxy p = new LocalProxy(this, name, s, settings, target);
    if (proxies.putIfAbsent(name, p) != null) {
      throw new IllegalArgumentException("a proxy named '" + name + "' already exists");
    }
    try {
      p.start(listen, enabled, toxics);
    } catch (RuntimeException e) {
      proxies.remove(name, p);
      throw e;
    }
    return p;
  }

  void removed(LocalProxy p) {
    proxies.remove(p.name, p);
  }

  public Optional<LocalProxy> proxy(String name) {
    return Optional.ofNullable(proxies.get(name));
  }

  public List<LocalProxy> proxies() {
    List<LocalProxy> list = new ArrayList<>(proxies.values());
    list.sort((a, b) -> a.name.compareTo(b.name));
    return list;
  }

  public boolean isClosed() {
    return closed;
  }

  public synchronized void close() {
    if (closed) return;
    closed = true;
    for (LocalProxy p : proxies()) p.close();
    scheduler.close(); // after the proxies: what it still runs finds them closed
    resolver.close(); // before the loops, so late lookups still find a loop to report to
    loops.shutdown();
  }
}
