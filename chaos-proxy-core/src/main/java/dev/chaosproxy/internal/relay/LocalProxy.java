package dev.chaosproxy.internal.relay;

import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.Direction;
import dev.chaosproxy.ProxyMetrics;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.ChaosHandle;
import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.loop.EventLoop;
import dev.chaosproxy.internal.loop.IoHandler;
import dev.chaosproxy.internal.loop.Timer;
import dev.chaosproxy.internal.schedule.ProxySchedules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxy: a listener on one event loop, the connections it accepted (spread over all loops), the
 * toxics that apply to them, and counters. Control methods may be called from any thread; they hand
 * work to the loops and wait for it, so when they return the change is in effect.
 */
public final class LocalProxy {
  private static final Logger log = LoggerFactory.getLogger(LocalProxy.class);
  private static final int BACKLOG = 4096;

  /** Pause before accepting again after accept() failed (e.g. out of file descriptors). */
  private static final long ACCEPT_BACKOFF_NANOS = 100_000_000L;

  final EngineCore engine;
  final String name;
  final long seed;
  final Settings settings;
  final Counters counters = new Counters();
  private final EventLoop acceptLoop;
  private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
  private final ProxySchedules schedules = new ProxySchedules(this);

  private volatile InetSocketAddress bound;
  private volatile String target;
  private volatile boolean enabled;
  private volatile boolean closed;
  private volatile List<Toxic> toxics = List.of();

  /** The triggers of the toxics that have one, by toxic name; replaced with the toxics. */
  private volatile Map<String, Armed> armed = Map.of();

  /** Timers that re-decide the connections when a trigger's window opens or closes. */
  private final List<Timer> windowTimers = new ArrayList<>(); // accept loop only

  /** Whether window timers may be set. */
  private volatile boolean windowed;

  final Timeline timeline;

  /** Threads in {@link #awaitConnections}; only then are accepts and closes signalled. */
  private volatile int waiters;

  /** Bumped on every accept and close, so waiters can tell a change happened. */
  private final AtomicLong changes = new AtomicLong();

  private final Object connectionsChanged = new Object();

  /** Accept-loop state. */
  private ServerSocketChannel server;

  private SelectionKey serverKey;

  /** Written by the accept loop only; read by toxic changes to number connections from. */
  private volatile long nextIndex;

  /** The schedules started on this proxy. */
  public ProxySchedules schedules() {
    return schedules;
  }

  /** The engine this proxy runs on. */
  public EngineCore engine() {
    return engine;
  }

  LocalProxy(EngineCore engine, String name, long seed, Settings settings, String target) {
    this.engine = engine;
    this.name = name;
    this.seed = seed;
    this.settings = settings;
    this.target = target;
    this.acceptLoop = engine.loops.next();
    this.timeline = new Timeline(name);
  }

  // ---- listening ----

  /** Binds {@code address} and starts accepting (when {@code enable}). */
  void start(InetSocketAddress address, boolean enable, List<Toxic> initialToxics) {
    checkProtocol(initialToxics);
    this.toxics = List.copyOf(initialToxics);
    synchronized (this) {
      rearm(toxics);
    }
    this.bound = address;
    if (enable) {
      listen(address);
      enabled = true;
    } else {
      // Down from the start: nothing listens, but a port asked as 0 is chosen now, so that
      // port() tells clients where the proxy will be once it is brought up.
      if (address.getPort() == 0) bound = freePort(address);
      enabled = false;
    }
    engine.links.declare(linkOwner(), name, toxics); // once started: a failed start declares none
  }

  private InetSocketAddress freePort(InetSocketAddress address) {
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(address);
      return new InetSocketAddress(
          address.getAddress(), ((InetSocketAddress) probe.getLocalAddress()).getPort());
    } catch (IOException e) {
      throw cannotListen(address, e);
    }
  }

  private UncheckedIOException cannotListen(InetSocketAddress address, IOException e) {
    return new UncheckedIOException(
        "proxy '" + name + "' cannot listen on " + HostPort.format(address) + ": " + e.getMessage(),
        e);
  }

  private void listen(InetSocketAddress address) {
    ServerSocketChannel ch;
    try {
      ch = ServerSocketChannel.open();
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.configureBlocking(false);
      ch.bind(address, BACKLOG);
    } catch (IOException e) {
      throw cannotListen(address, e);
    }
    InetSocketAddress actual;
    try {
      actual = (InetSocketAddress) ch.getLocalAddress();
    } catch (IOException e) {
      closeQuietly(ch);
      throw new UncheckedIOException(e);
    }
    try {
      acceptLoop.call(
          () -> {
            server = ch;
            serverKey = ch.register(acceptLoop.selector(), SelectionKey.OP_ACCEPT, new Acceptor());
            return null;
          });
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
    bound = actual;
  }

  private void stopListening() {
    acceptLoop.call(
        () -> {
          if (server != null) {
            serverKey.cancel();
            closeQuietly(server);
            server = null;
            serverKey = null;
            acceptLoop.flushClosedChannels(); // release the port before the caller goes on
          }
          return null;
        });
  }

  private final class Acceptor implements IoHandler {
    @Override
    public void ready(SelectionKey key, int readyOps) {
      for (int i = 0; i < 256 && server != null; i++) {
        SocketChannel ch;
        try {
          ch = server.accept();
        } catch (IOException e) {
          log.warn(
              "proxy '{}' failed to accept a connection ({}); pausing accepts for 100 ms",
              name,
              e.getMessage());
          SelectionKey k = serverKey;
          k.interestOps(0);
          acceptLoop.schedule(
              acceptLoop.nanoTime() + ACCEPT_BACKOFF_NANOS,
              () -> {
                if (k.isValid()) k.interestOps(SelectionKey.OP_ACCEPT);
              });
          return;
        }
        if (ch == null) return;
        accepted(ch);
      }
    }

    @Override
    public void failed(Throwable error) {
      log.error("proxy '{}' acceptor failed", name, error);
    }
  }

  private void accepted(SocketChannel ch) {
    InetSocketAddress remote;
    try {
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      remote = (InetSocketAddress) ch.getRemoteAddress();
    } catch (IOException e) {
      closeQuietly(ch);
      return;
    }
    EventLoop loop = engine.loops.next();
    Connection c = new Connection(this, loop, ch, engine.nextConnectionId(), nextIndex++, remote);
    if (loop.inLoop()) {
      c.start();
    } else {
      loop.execute(c::start);
    }
  }

  /**
   * A connection has its chaos in place: list it. Done on its loop, so that listings never show a
   * connection whose toxics are not decided yet, and broadcasts to the loops never miss it.
   */
  void connectionStarted(Connection c) {
    c.loop.checkInLoop("LocalProxy.connectionStarted");
    // Counted before listed, uncounted before unlisted: the metrics never lag the list.
    counters.opened();
    connections.put(c.id, c);
    signal();
  }

  /** On the connection's loop, the only thread that lists or unlists it. */
  void connectionClosed(Connection c) {
    if (connections.get(c.id) == c) {
      counters.closed();
      connections.remove(c.id, c);
    }
    signal();
  }

  private void signal() {
    changes.incrementAndGet();
    if (waiters > 0) {
      synchronized (connectionsChanged) {
        connectionsChanged.notifyAll();
      }
    }
  }

  /** Waits until {@code count} connections are live; returns them, or throws on timeout. */
  public List<ConnectionInfo> awaitConnections(int count, java.time.Duration timeout) {
    if (count < 0) throw new IllegalArgumentException("count must be >= 0, was " + count);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (connectionsChanged) {
      waiters++;
    }
    try {
      while (true) {
        long seen = changes.get();
        // Listed outside the monitor, so a loop signalling a change is never kept waiting.
        List<ConnectionInfo> live = connectionInfos();
        if (live.size() >= count) return live;
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw ChaosHandle.tooFewConnections(name, live.size(), count, timeout);
        }
        synchronized (connectionsChanged) {
          if (changes.get() == seen)
            connectionsChanged.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for connections", e);
    } finally {
      synchronized (connectionsChanged) {
        waiters--;
      }
    }
  }

  // ---- control ----

  public String name() {
    return name;
  }

  public long seed() {
    return seed;
  }

  public InetSocketAddress boundAddress() {
    return bound;
  }

  public String target() {
    return target;
  }

  public synchronized void retarget(String hostPort) {
    checkOpen();
    HostPort.upstream(hostPort);
    target = hostPort.trim();
  }

  public boolean enabled() {
    return enabled;
  }

  public boolean isClosed() {
    return closed;
  }

  public synchronized void enable() {
    checkOpen();
    if (enabled) return;
    listen(bound);
    enabled = true;
  }

  /**
   * Moves the listener to {@code address}: live connections are closed (as Toxiproxy does when a
   * proxy's listen address changes) and, when the proxy is up, it listens there at once.
   */
  public synchronized void relisten(InetSocketAddress address) {
    checkOpen();
    boolean wasEnabled = enabled;
    if (wasEnabled) disable();
    InetSocketAddress previous = bound;
    bound = address;
    if (wasEnabled) {
      try {
        enable();
      } catch (RuntimeException e) {
        bound = previous;
        enable();
        throw e;
      }
    }
  }

  public synchronized void disable() {
    checkOpen();
    if (!enabled) return;
    enabled = false;
    stopListening();
    closeConnections("proxy '" + name + "' taken down", false);
  }

  /**
   * Stops accepting (new clients get connection refused) but leaves live connections to finish: the
   * first step of a graceful shutdown.
   */
  public synchronized void stopAccepting() {
    if (closed || !enabled) return;
    enabled = false;
    stopListening();
  }

  /** Stops the proxy and releases its sockets; idempotent. */
  public synchronized void close() {
    if (closed) return;
    closed = true;
    enabled = false;
    if (windowed) {
      try {
        acceptLoop.execute(() -> setWindowTimers(Map.of()));
      } catch (RuntimeException stopping) {
        // the engine is stopping: its timers go with it
      }
    }
    engine.links.declare(linkOwner(), name, List.of());
    engine.removed(this);
    schedules.close();
    try {
      stopListening();
      closeConnections("proxy '" + name + "' closed", false);
    } catch (IllegalStateException e) {
      log.debug("proxy '{}' closed while its engine was stopping", name, e);
    }
  }

  private void closeConnections(String reason, boolean reset) {
    engine.loops.runOnAll(
        loop -> {
          for (Connection c : connections.values()) {
            if (c.loop != loop) continue;
            if (reset) {
              c.abort(reason);
            } else {
              c.closeGracefully(reason);
            }
          }
          loop.flushClosedChannels();
        });
  }

  /** Who this proxy's toxics are on a shared link, in its log lines. */
  private String linkOwner() {
    return "proxy '" + name + "'";
  }

  public List<Toxic> toxicList() {
    return toxics;
  }

  /** The requests each HTTP toxic with a {@code first} count acted on, by name. */
  private final java.util.concurrent.ConcurrentHashMap<String, Quota> quotas =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A count of the requests one version of an HTTP toxic acted on; a changed toxic counts anew. */
  private static final class Quota {
    final Toxic toxic;
    final java.util.concurrent.atomic.AtomicLong taken =
        new java.util.concurrent.atomic.AtomicLong();

    Quota(Toxic toxic) {
      this.toxic = toxic;
    }
  }

  /** The count of requests {@code toxic} (an HTTP toxic with {@code first}) took so far. */
  java.util.concurrent.atomic.AtomicLong httpQuota(Toxic toxic) {
    return quotas.compute(
            toxic.name(), (k, q) -> q != null && q.toxic.equals(toxic) ? q : new Quota(toxic))
        .taken;
  }

  /** What this proxy understands of the bytes it relays. */
  public dev.chaosproxy.Protocol protocol() {
    return settings.protocol();
  }

  /** Refuses HTTP toxics on a TCP proxy, saying how to make an HTTP one. */
  void checkProtocol(List<Toxic> list) {
    if (settings.protocol() == dev.chaosproxy.Protocol.HTTP) return;
    dev.chaosproxy.internal.chaos.toxics.HttpToxic.refuseOnTcp(
        name,
        list,
        "start it as an HTTP proxy (ProxyBuilder.http(), @ChaosProxy(protocol = Protocol.HTTP),"
            + " or \"protocol\": \"http\" over REST)");
  }

  /** Changes the proxy's toxics atomically and waits until every live connection has them. */
  public synchronized List<Toxic> updateToxics(UnaryOperator<List<Toxic>> change) {
    checkOpen();
    List<Toxic> next = List.copyOf(change.apply(new ArrayList<>(toxics)));
    checkProtocol(next);
    if (next.equals(toxics)) return next;
    rearm(next);
    engine.links.declare(linkOwner(), name, next);
    toxics = next;
    engine.loops.runOnAll(
        loop -> {
          for (Connection c : connections.values()) {
            if (c.loop == loop) c.reconcile();
          }
        });
    return next;
  }

  /**
   * Keeps the trigger state of toxics whose trigger did not change, starts it for new ones
   * (counting connections from the next accepted one), and sets timers for their windows.
   */
  private void rearm(List<Toxic> next) {
    Map<String, Armed> before = armed;
    Map<String, Armed> after = new HashMap<>();
    long now = acceptLoop.nanoTime();
    for (Toxic t : next) {
      if (t.trigger() == null) continue;
      Armed a = before.get(t.name());
      if (a == null || !a.trigger.equals(t.trigger())) a = new Armed(t.trigger(), nextIndex, now);
      after.put(t.name(), a);
    }
    armed = Map.copyOf(after);
    quotas.keySet().removeIf(n -> next.stream().noneMatch(t -> t.name().equals(n)));
    boolean windows = after.values().stream().anyMatch(a -> a.spec.duringFromNanos() >= 0);
    if (windows || windowed) acceptLoop.execute(() -> setWindowTimers(after));
    windowed = windows;
  }

  /** On the accept loop: one timer for each window's start and end. */
  private void setWindowTimers(Map<String, Armed> of) {
    for (Timer timer : windowTimers) timer.cancel();
    windowTimers.clear();
    if (closed || armed != of && !armed.equals(of)) return; // a later change sets its own
    for (Armed a : of.values()) {
      long from = a.spec.duringFromNanos();
      if (from < 0) continue;
      windowTimers.add(acceptLoop.schedule(a.addedNanos + from, this::reconcileAll));
      long to = a.spec.duringToNanos();
      if (to >= 0) windowTimers.add(acceptLoop.schedule(a.addedNanos + to, this::reconcileAll));
    }
  }

  /** The trigger state of the proxy toxic {@code name}, or null when it has no trigger. */
  Armed armed(String name) {
    return armed.get(name);
  }

  /** Has every connection re-decide its toxics on its own loop (a trigger's window moved). */
  private void reconcileAll() {
    for (Connection c : connections.values()) c.loop.execute(c::reconcile);
  }

  /** What fired on this proxy. */
  public Timeline timeline() {
    return timeline;
  }

  /** Removes every connection's own toxics. */
  public synchronized void clearConnectionToxics() {
    engine.loops.runOnAll(
        loop -> {
          for (Connection c : connections.values()) {
            if (c.loop == loop && !c.closed && !c.ownToxics().isEmpty()) c.setOwnToxics(List.of());
          }
        });
  }

  public List<ConnectionInfo> connectionInfos() {
    List<Connection> list = new ArrayList<>(connections.values());
    list.sort(Comparator.comparingLong(c -> c.index));
    List<ConnectionInfo> out = new ArrayList<>(list.size());
    for (Connection c : list) {
      if (c.isOpen()) out.add(c.info());
    }
    return out;
  }

  public int connectionCount() {
    return connections.size();
  }

  public int killAll(String reason) {
    AtomicInteger killed = new AtomicInteger();
    engine.loops.runOnAll(
        loop -> {
          for (Connection c : connections.values()) {
            if (c.loop == loop && !c.closed) {
              c.abort("killed: " + reason);
              killed.incrementAndGet();
            }
          }
        });
    return killed.get();
  }

  public void injectAll(Direction direction, byte[] bytes) {
    engine.loops.runOnAll(
        loop -> {
          for (Connection c : connections.values()) {
            if (c.loop == loop) c.inject(direction, bytes);
          }
        });
  }

  public ProxyMetrics metrics() {
    return counters.snapshot(name);
  }

  /** The live connection {@code id}, if this proxy has it. */
  public java.util.Optional<ConnectionRef> findConnection(String id) {
    Connection c = connections.get(id);
    return c == null || !c.isOpen()
        ? java.util.Optional.empty()
        : java.util.Optional.of(new ConnectionRef(c));
  }

  /** The live connection {@code id}, as a handle target. */
  public ConnectionRef connection(String id) {
    Connection c = connections.get(id);
    if (c == null || !c.isOpen()) {
      throw new IllegalArgumentException(
          "proxy '"
              + name
              + "' has no live connection '"
              + id
              + "'; live: "
              + connections.keySet());
    }
    return new ConnectionRef(c);
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("proxy '" + name + "' is closed");
  }

  private static void closeQuietly(java.nio.channels.Channel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
