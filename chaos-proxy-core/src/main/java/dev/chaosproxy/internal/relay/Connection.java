package dev.chaosproxy.internal.relay;

import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.SessionLimit;
import dev.chaosproxy.internal.chaos.toxics.SlowConnect;
import dev.chaosproxy.internal.loop.EventLoop;
import dev.chaosproxy.internal.loop.IoHandler;
import dev.chaosproxy.internal.loop.Timer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection through a proxy: its two sockets, the two {@link Flow}s between them, and
 * the toxics acting on it. Owned by one event loop for life; other threads reach it through tasks
 * on that loop, and read only its volatile snapshot fields.
 */
final class Connection {
  private static final Logger log = LoggerFactory.getLogger("dev.chaosproxy.connections");

  final LocalProxy proxy;
  final EventLoop loop;
  final String id;

  /**
   * The connection's index within its proxy: with the proxy's seed, it fixes the random decisions.
   */
  final long index;

  final long seed;
  final long openedNanos;
  final Instant opened = Instant.now();
  final InetSocketAddress clientAddress;

  private final SocketChannel client;
  private SocketChannel upstream;
  private SelectionKey clientKey;
  private SelectionKey upstreamKey;
  private int clientOps = -1;
  private int upstreamOps = -1;

  final Flow up;
  final Flow down;

  /** The HTTP side of the connection on an HTTP proxy, else null. */
  private final HttpSession http;

  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private List<Toxic> own = List.of();

  /** The triggers of this connection's own toxics, by name. */
  private Map<String, Armed> ownArmed = Map.of();

  private Timer connectTimer;

  /** The upstream's host-name lookup while it is under way. */
  private Future<?> lookup;

  boolean closed;
  private boolean connecting;

  private volatile InetSocketAddress upstreamAddress;
  private volatile String state = "connecting";
  private volatile String endReason;

  /** The toxics acting on this connection now: the proxy's that apply to it, then its own. */
  private volatile List<Toxic> activeToxics = List.of();

  private volatile List<Toxic> ownSnapshot = List.of();

  /**
   * A toxic as seen by this connection: whether it applies here, its effect if it does, and where
   * its trigger stands.
   */
  private static final class Slot {
    Toxic toxic;
    final double roll;
    final Rng rng;
    Effect effect;

    /** Its trigger, as the proxy (or this connection) holds it; null without one. */
    Armed armed;

    /** The trigger's choice of connections includes this one. */
    boolean chosen;

    /** The trigger's point in the stream has passed. */
    boolean reached;

    /** It took the trigger's {@code once} claim; {@link #lost} when another connection had. */
    boolean claimed;

    boolean lost;

    /** Wakes the connection when the trigger's {@code after_ms} comes. */
    Timer timer;

    /** Looks for the trigger's point in the stream. */
    Flow.Gate gate;

    Slot(Toxic toxic, double roll, Rng rng) {
      this.toxic = toxic;
      this.roll = roll;
      this.rng = rng;
    }

    /** Its toxicity and its trigger's choice of connections include this connection. */
    boolean eligible() {
      boolean rolled = toxic.type().isHttp() || roll < toxic.toxicity(); // HTTP: per request
      return rolled && (armed == null || (chosen && !lost));
    }

    /** Whether it acts now; may take the trigger's once claim. */
    boolean applies(Connection c, long now) {
      if (!eligible()) return false;
      if (armed == null) return true;
      if (!armed.inWindow(now)) return false;
      long after = armed.spec.afterNanos();
      if (after >= 0 && now - c.openedNanos < after) return false;
      if (armed.spec.inStream() && !reached) return false;
      if (!claimed) {
        if (!armed.claim()) {
          lost = true;
          return false;
        }
        claimed = true;
      }
      return true;
    }

    void clearTrigger() {
      chosen = false;
      reached = false;
      claimed = false;
      lost = false;
      gate = null;
      if (timer != null) timer.cancel();
      timer = null;
    }
  }

  Connection(
      LocalProxy proxy,
      EventLoop loop,
      SocketChannel client,
      String id,
      long index,
      InetSocketAddress clientAddress) {
    this.proxy = proxy;
    this.loop = loop;
    this.openedNanos = loop.nanoTime();
    this.client = client;
    this.id = id;
    this.index = index;
    this.seed = Rng.mix(proxy.seed, index);
    this.clientAddress = clientAddress;
    Settings s = proxy.settings;
    this.up =
        new Flow(this, Direction.UPSTREAM, s.bufferLimit(), s.latencyBudget(), proxy.engine.budget);
    this.down =
        new Flow(
            this, Direction.DOWNSTREAM, s.bufferLimit(), s.latencyBudget(), proxy.engine.budget);
    if (s.protocol() == Protocol.HTTP) {
      http = new HttpSession(this, up, down);
      up.http(http.up);
      down.http(http.down);
    } else {
      http = null;
    }
  }

  // ---- lifecycle ----

  /** Registers the client and starts connecting to the upstream. On the loop. */
  void start() {
    loop.checkInLoop("Connection.start");
    if (closed) return;
    try {
      clientKey = client.register(loop.selector(), 0, new End(true));
    } catch (IOException e) {
      finish("could not register the client: " + e, true);
      return;
    }
    if (proxy.isClosed() || !proxy.enabled()) {
      finish("proxy '" + proxy.name + "' went down as the connection arrived", false);
      return;
    }
    reconcile();
    if (closed) return;
    proxy.connectionStarted(this);
    Slot refusal = refusal();
    if (refusal != null) {
      if (refusal.armed == null) reportFired(refusal.toxic, down, 0);
      proxy.counters.fault(ToxicType.SESSION_LIMIT);
      finish("refused by toxic " + refusal.toxic.name() + " (session_limit 0)", true);
      return;
    }
    long delay = slowConnectDelay();
    connecting = true;
    if (delay > 0) {
      state = "connecting (slow_connect)";
      connectTimer = loop.schedule(loop.nanoTime() + delay, this::connectUpstream);
    } else {
      connectUpstream();
    }
  }

  /**
   * A session_limit of 0 acting on this connection: it is reset as soon as it is accepted, before
   * the upstream is connected (a refusal), or null.
   */
  private Slot refusal() {
    for (Slot s : slots.values()) {
      if (s.effect != null
          && s.toxic.type() == ToxicType.SESSION_LIMIT
          && SessionLimit.DURATION.nanos(s.toxic) == 0) return s;
    }
    return null;
  }

  private long slowConnectDelay() {
    long delay = 0;
    for (Slot s : slots.values()) {
      if (s.toxic.type() == ToxicType.SLOW_CONNECT && s.effect != null) {
        delay += SlowConnect.DELAY.nanos(s.toxic);
        proxy.counters.fault(ToxicType.SLOW_CONNECT);
        reportFired(s.toxic, up, 0);
      }
    }
    return delay;
  }

  /**
   * Puts an HTTP fault's action on {@code request} (its head at {@code offset}) on the timeline.
   */
  void reportHttp(Toxic toxic, long offset, String request) {
    proxy.timeline.record(this, toxic, toxic.direction(), offset, request);
  }

  /** Puts the first time {@code toxic} acts on this connection on the proxy's timeline. */
  void reportFired(Toxic toxic, Flow flow, long offset) {
    proxy.timeline.record(this, toxic, flow.direction, offset);
  }

  /**
   * Connects to the proxy's target. An IP literal is connected to at once; a host name is looked up
   * on the engine's resolver and the connect goes on when the answer comes back to this loop. The
   * connect timeout covers both.
   */
  private void connectUpstream() {
    if (closed) return;
    String target = proxy.target();
    if (target == null) {
      upstreamFailed("no upstream is set for proxy '" + proxy.name + "'");
      return;
    }
    InetSocketAddress parsed;
    try {
      parsed = HostPort.upstream(target);
    } catch (IllegalArgumentException e) {
      upstreamFailed("cannot resolve upstream " + target);
      return;
    }
    long deadline = loop.nanoTime() + proxy.settings.connectTimeout().toNanos();
    InetAddress ip = Resolver.literal(parsed.getHostString());
    if (ip != null) {
      connectTo(target, new InetSocketAddress(ip, parsed.getPort()), deadline);
      return;
    }
    int port = parsed.getPort();
    try {
      lookup =
          proxy.engine.resolver.resolve(
              parsed.getHostString(),
              loop,
              (address, error) -> resolved(target, address, port, deadline));
    } catch (IllegalStateException e) {
      upstreamFailed("cannot resolve upstream " + target + ": " + e.getMessage());
      return;
    }
    connectTimer =
        loop.schedule(
            deadline,
            () ->
                upstreamFailed(
                    "resolving upstream "
                        + target
                        + " timed out after "
                        + proxy.settings.connectTimeout().toMillis()
                        + " ms"));
  }

  /** A lookup's answer, on the loop; ignored when the connection ended meanwhile. */
  private void resolved(String target, InetAddress address, int port, long deadline) {
    if (closed) return;
    lookup = null;
    connectTimer.cancel();
    if (address == null) {
      upstreamFailed("cannot resolve upstream " + target);
      return;
    }
    connectTo(target, new InetSocketAddress(address, port), deadline);
  }

  private void connectTo(String target, InetSocketAddress address, long deadline) {
    try {
      upstream = SocketChannel.open();
      upstream.configureBlocking(false);
      upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
      upstreamAddress = address;
      boolean done = upstream.connect(address);
      upstreamKey =
          upstream.register(loop.selector(), done ? 0 : SelectionKey.OP_CONNECT, new End(false));
      upstreamOps = done ? 0 : SelectionKey.OP_CONNECT;
      if (done) {
        connected();
      } else {
        connectTimer =
            loop.schedule(
                deadline,
                () ->
                    upstreamFailed(
                        "connect to upstream "
                            + target
                            + " timed out after "
                            + proxy.settings.connectTimeout().toMillis()
                            + " ms"));
      }
    } catch (IOException e) {
      upstreamFailed("connect to upstream " + target + " failed: " + describe(e));
    }
  }

  private void finishConnect() {
    try {
      if (upstream.finishConnect()) connected();
    } catch (IOException e) {
      upstreamFailed("connect to upstream " + proxy.target() + " failed: " + describe(e));
    }
  }

  private void connected() {
    connecting = false;
    if (connectTimer != null) connectTimer.cancel();
    state = "open";
    up.start(client, upstream);
    if (closed) return;
    down.start(upstream, client);
    if (closed) return;
    updateInterest();
  }

  private void upstreamFailed(String why) {
    if (closed) return;
    proxy.counters.upstreamFailure();
    finish(why, true);
  }

  void onEofForwarded(Flow flow) {
    if (up.eofForwarded() && down.eofForwarded()) {
      finish(endedBy(), false);
    } else {
      state = "half-closed";
    }
  }

  private String endedBy() {
    return up.sourceEof() && down.sourceEof() ? "closed by both peers" : "closed";
  }

  /** A peer reset, or a read or write on it failed: reset the other one too. */
  void peerFailed(String side, IOException e) {
    finish(side + " " + (isReset(e) ? "reset the connection" : "failed: " + describe(e)), true);
  }

  /** Resets both peers (RST). */
  void abort(String reason) {
    finish(reason, true);
  }

  /** Resets both peers on the next turn of the loop (safe from inside effects). */
  void abortLater(String reason) {
    loop.execute(() -> abort(reason));
  }

  /** Closes both peers with a FIN. */
  void closeGracefully(String reason) {
    finish(reason, false);
  }

  void closeLater(String reason) {
    loop.execute(() -> closeGracefully(reason));
  }

  private void finish(String reason, boolean reset) {
    loop.checkInLoop("Connection.finish");
    if (closed) return;
    closed = true;
    connecting = false;
    endReason = reason;
    state = "closed";
    if (connectTimer != null) connectTimer.cancel();
    if (lookup != null) lookup.cancel(false);
    for (Slot s : slots.values()) {
      if (s.effect != null) s.effect.dispose();
      s.effect = null;
      s.clearTrigger();
    }
    if (!own.isEmpty()) proxy.engine.links.declare(linkOwner(), proxy.name, List.of());
    up.stop();
    down.stop();
    close(client, reset);
    if (upstream != null) close(upstream, reset);
    proxy.connectionClosed(this);
    if (log.isInfoEnabled()) {
      long millis = (loop.nanoTime() - openedNanos) / 1_000_000;
      log.info(
          "{} {} -> {} -> {} closed after {} ms, up {} B, down {} B: {}",
          proxy.name,
          HostPort.format(clientAddress),
          HostPort.format(proxy.boundAddress()),
          upstreamAddress == null ? proxy.target() : HostPort.format(upstreamAddress),
          millis,
          up.bytesWritten(),
          down.bytesWritten(),
          reason);
    }
  }

  /**
   * Closes a socket with a FIN, or with a RST when {@code reset}. (For a channel still registered
   * with the selector, the JDK shuts its output down at once and releases the file descriptor when
   * the loop next selects; with SO_LINGER 0 it skips the shutdown, so the release sends the RST.)
   */
  private static void close(SocketChannel channel, boolean reset) {
    if (reset) {
      try {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      } catch (IOException | RuntimeException ignored) {
        // the socket is going away either way
      }
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to do
    }
  }

  private static boolean isReset(IOException e) {
    String m = e.getMessage();
    return e instanceof SocketException
        || (m != null && (m.contains("reset") || m.contains("Broken pipe")));
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  // ---- interest ----

  void updateInterest() {
    if (closed) return;
    int c =
        (up.wantsRead() ? SelectionKey.OP_READ : 0)
            | (down.wantsWrite() ? SelectionKey.OP_WRITE : 0);
    if (c != clientOps && clientKey != null && clientKey.isValid()) {
      clientKey.interestOps(c);
      clientOps = c;
    }
    if (connecting) return;
    int u =
        (down.wantsRead() ? SelectionKey.OP_READ : 0)
            | (up.wantsWrite() ? SelectionKey.OP_WRITE : 0);
    if (u != upstreamOps && upstreamKey != null && upstreamKey.isValid()) {
      upstreamKey.interestOps(u);
      upstreamOps = u;
    }
  }

  /** The selection-key handler of one of the two sockets. */
  private final class End implements IoHandler {
    private final boolean isClient;

    End(boolean isClient) {
      this.isClient = isClient;
    }

    @Override
    public void ready(SelectionKey key, int ops) {
      if (closed) return;
      if (!isClient && connecting) {
        if ((ops & SelectionKey.OP_CONNECT) != 0) finishConnect();
        return;
      }
      Flow in = isClient ? up : down;
      Flow out = isClient ? down : up;
      if ((ops & SelectionKey.OP_WRITE) != 0) {
        out.onWritable();
        if (closed) return;
      }
      if ((ops & SelectionKey.OP_READ) != 0) in.onReadable();
    }

    @Override
    public void failed(Throwable error) {
      abort("internal error: " + error);
    }

    @Override
    public void reset(String reason) {
      abort(reason);
    }
  }

  // ---- chaos ----

  /** Brings the effects in line with the proxy's toxics and this connection's own. On the loop. */
  void reconcile() {
    loop.checkInLoop("Connection.reconcile");
    if (closed) return;
    List<Toxic> proxyToxics = proxy.toxicList();
    Map<String, Toxic> wanted = new LinkedHashMap<>();
    java.util.Set<String> ownNames = new java.util.HashSet<>();
    for (Toxic t : own) ownNames.add(t.name());
    // A connection's own toxic replaces the proxy's toxic of the same name on this connection.
    for (Toxic t : proxyToxics) {
      if (!ownNames.contains(t.name())) wanted.put("proxy:" + t.name(), t);
    }
    for (Toxic t : own) wanted.put("connection:" + t.name(), t);
    long now = loop.nanoTime();

    Iterator<Map.Entry<String, Slot>> it = slots.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Slot> e = it.next();
      Toxic t = wanted.get(e.getKey());
      Slot s = e.getValue();
      if (t == null || t.type() != s.toxic.type() || t.direction() != s.toxic.direction()) {
        if (s.effect != null) s.effect.detach();
        s.clearTrigger();
        it.remove();
      }
    }
    Map<String, Slot> ordered = new LinkedHashMap<>();
    for (Map.Entry<String, Toxic> e : wanted.entrySet()) {
      String key = e.getKey();
      Toxic t = e.getValue();
      Slot s = slots.get(key);
      if (s == null) {
        long toxicSeed = Rng.mix(seed, Rng.hash(key));
        s = new Slot(t, new Rng(toxicSeed).nextDouble(), new Rng(Rng.mix(toxicSeed, 1)));
      } else {
        s.toxic = t;
      }
      ordered.put(key, s);
      Armed a = key.startsWith("proxy:") ? proxy.armed(t.name()) : ownArmed.get(t.name());
      if (a != s.armed) {
        s.clearTrigger();
        s.armed = a;
        s.chosen = a != null && a.chooses(this);
      }
      Flow flow = t.direction() == Direction.UPSTREAM ? up : down;
      watch(s, flow, now);
      boolean wasActing = s.effect != null;
      boolean applies = s.applies(this, now);
      if (applies && s.effect == null) {
        s.effect = Effect.create(flow, t, s.rng);
        s.effect.attach(now);
      } else if (applies) {
        s.effect.update(t);
      } else if (s.effect != null) {
        s.effect.detach();
        s.effect = null;
      }
      if (s.effect != null && !wasActing && s.armed != null) {
        s.effect.reported(); // the trigger's firing is the event, at its exact offset
        reportFired(t, flow, s.armed.spec.inStream() ? flow.firedAt() : flow.offset());
      }
    }
    slots.clear();
    slots.putAll(ordered);

    List<Effect> ups = new ArrayList<>();
    List<Effect> downs = new ArrayList<>();
    List<Toxic> acting = new ArrayList<>();
    List<HttpFaultEffect> httpFaults = new ArrayList<>();
    for (Map.Entry<String, Slot> e : slots.entrySet()) {
      Slot s = e.getValue();
      if (s.effect == null) continue;
      if (s.effect instanceof HttpFaultEffect) httpFaults.add((HttpFaultEffect) s.effect);
      (s.toxic.direction() == Direction.UPSTREAM ? ups : downs).add(s.effect);
      acting.add(s.toxic);
    }
    up.setEffects(ups.toArray(new Effect[0]), gates(Direction.UPSTREAM));
    down.setEffects(downs.toArray(new Effect[0]), gates(Direction.DOWNSTREAM));
    activeToxics = List.copyOf(acting);
    if (http != null) http.setFaults(httpFaults);
    if (closed) return;
    up.drain();
    if (closed) return;
    down.drain();
    if (closed) return;
    updateInterest();
  }

  /**
   * Arranges for {@code s}'s trigger to be noticed: a gate on {@code flow} that looks for its point
   * in the stream, a timer for its {@code after_ms}.
   */
  private void watch(Slot s, Flow flow, long now) {
    if (s.armed == null || !s.eligible()) {
      s.gate = null;
      return;
    }
    if (s.armed.spec.inStream() && !s.reached && s.gate == null) {
      s.gate = flow.gate(s.armed.spec, () -> gateOpened(s));
      if (s.gate == null) s.reached = true; // its offset had passed already
    }
    long after = s.armed.spec.afterNanos();
    if (after >= 0 && s.timer == null && now - openedNanos < after) {
      s.timer = loop.schedule(openedNanos + after, this::reconcile);
    }
  }

  /** A gate saw its trigger's point pass: the toxic acts from the next byte. */
  private void gateOpened(Slot s) {
    if (closed || s.gate == null) return;
    s.gate = null;
    s.reached = true;
    reconcile();
  }

  private Flow.Gate[] gates(Direction d) {
    List<Flow.Gate> out = new ArrayList<>();
    for (Slot s : slots.values()) {
      if (s.gate != null && s.toxic.direction() == d) out.add(s.gate);
    }
    return out.toArray(new Flow.Gate[0]);
  }

  /** This connection's own toxics. On the loop. */
  List<Toxic> ownToxics() {
    loop.checkInLoop("Connection.ownToxics");
    return own;
  }

  /** Replaces this connection's own toxics and applies them. On the loop. */
  void setOwnToxics(List<Toxic> toxics) {
    loop.checkInLoop("Connection.setOwnToxics");
    if (closed)
      throw new IllegalStateException(
          "connection " + id + " on proxy '" + proxy.name + "' has ended: " + endReason);
    proxy.checkProtocol(toxics);
    Map<String, Armed> nextArmed = new LinkedHashMap<>();
    for (Toxic t : toxics) {
      if (t.trigger() == null) continue;
      Armed a = ownArmed.get(t.name());
      if (a == null || !a.trigger.equals(t.trigger())) {
        a = new Armed(t.trigger(), index, loop.nanoTime());
        if (a.spec.byConnection()) {
          throw new IllegalArgumentException(
              "toxic '"
                  + t.name()
                  + "' is this connection's own, so its trigger cannot choose connections ("
                  + t.trigger()
                  + "); put it on the proxy");
        }
      }
      nextArmed.put(t.name(), a);
    }
    own = List.copyOf(toxics);
    ownArmed = nextArmed;
    proxy.engine.links.declare(linkOwner(), proxy.name, own);
    ownSnapshot = own;
    reconcile();
  }

  /** Who this connection's own toxics are on a shared link, in its log lines. */
  private String linkOwner() {
    return "connection " + id + " of proxy '" + proxy.name + "'";
  }

  List<Toxic> ownSnapshot() {
    return ownSnapshot;
  }

  void inject(Direction direction, byte[] bytes) {
    loop.checkInLoop("Connection.inject");
    if (closed) return;
    (direction == Direction.UPSTREAM ? up : down).inject(bytes);
  }

  // ---- snapshots, from any thread ----

  boolean isOpen() {
    return !"closed".equals(state);
  }

  String endReason() {
    return endReason;
  }

  ConnectionInfo info() {
    List<String> names = new ArrayList<>(activeToxics.size());
    for (Toxic t : activeToxics) names.add(t.name());
    return new ConnectionInfo(
        id,
        proxy.name,
        clientAddress,
        upstreamAddress,
        opened,
        up.bytesWritten(),
        down.bytesWritten(),
        List.copyOf(names),
        state);
  }

  List<Toxic> activeToxics() {
    return activeToxics;
  }

  Duration age() {
    return Duration.ofNanos(loop.nanoTime() - openedNanos);
  }
}
