package dev.chaosproxy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The handle to one proxy: where it listens, where it forwards, the chaos on it, its live
 * connections and its metrics. The same interface in-process and against a remote proxy.
 *
 * <pre>{@code
 * redis.delay(Duration.ofMillis(250)).throttle(DataSize.ofKiB(10));
 * redis.downstream().resetPeer(Duration.ofSeconds(1));
 * redis.reset();
 * }</pre>
 */
public interface ProxyControl extends Chaos<ProxyControl>, AutoCloseable {

  /** The proxy's unique name. */
  String name();

  /** The address the proxy listens on, with the real port when it was asked for port 0. */
  InetSocketAddress address();

  /** The host clients should connect to, e.g. {@code 127.0.0.1}. */
  String host();

  /** The port clients should connect to. */
  int port();

  /** The upstream {@code host:port} new connections are forwarded to, or null when unset. */
  String target();

  /**
   * Forwards new connections to {@code hostPort} from now on; live ones keep their upstream. The
   * host is looked up at each connect, off the event loops and within the connect timeout.
   */
  ProxyControl retarget(String hostPort);

  /** What the proxy understands of the bytes it relays: {@code HTTP} proxies take HTTP faults. */
  Protocol protocol();

  /** Whether the proxy is up (listening). */
  boolean enabled();

  /** Takes the proxy down: new clients get connection refused, live connections are closed. */
  ProxyControl down();

  /** Brings the proxy back up on the same address. */
  ProxyControl up();

  /**
   * Delays each new connection's connect to the upstream by {@code delay}. It acts on the whole
   * connection, whatever the view's direction: on {@code upstream()} or {@code downstream()} it is
   * filed under that direction (so that view lists and clears it), else under upstream.
   */
  ProxyControl slowConnect(Duration delay);

  /**
   * Removes all chaos (the proxy's toxics and every connection's own), stops its schedules and
   * brings the proxy up. Live connections stay open, except those a blackhole or timeout held,
   * which are closed.
   */
  ProxyControl reset();

  /** The live connections, oldest first. */
  List<ConnectionInfo> connections();

  /**
   * Waits until at least {@code count} connections are live and returns them, oldest first.
   *
   * @throws IllegalStateException if {@code timeout} passes first, saying how many there were
   */
  List<ConnectionInfo> awaitConnections(int count, Duration timeout);

  /**
   * The handle to the live connection {@code id}.
   *
   * @throws IllegalArgumentException if no live connection has that id
   * @throws NullPointerException if {@code id} is null
   */
  ConnectionControl connection(String id);

  /** Resets every live connection (RST to both peers), logging {@code reason}; returns how many. */
  int killAll(String reason);

  /**
   * What fired on this proxy, oldest first: each toxic's first action on each connection, with the
   * connection's number in accept order and the byte offset. The proxy keeps the last 1,000.
   */
  List<ChaosEvent> events();

  /**
   * Starts {@code schedule} on this proxy and returns once its first step is in effect. Its steps
   * follow each other on the engine's event loops; its toxics are named {@code <schedule>.<toxic>}.
   * A schedule that ended may be started again under its name; {@link #reset()} stops them all.
   *
   * @throws IllegalArgumentException if a schedule of that name is running on this proxy
   */
  ScheduleControl schedule(Schedule schedule);

  /**
   * The schedules started on this proxy, running or ended, oldest first (stopped ones are gone).
   */
  List<ScheduleControl> schedules();

  /**
   * The schedule {@code name} of {@link #schedules()}.
   *
   * @throws IllegalArgumentException if there is none, naming those there are
   */
  ScheduleControl schedule(String name);

  /** Counters since the proxy started. */
  ProxyMetrics metrics();

  /** The seed this proxy's random decisions derive from; the same seed replays the same faults. */
  long seed();

  /** Stops the proxy: closes its listener and connections and forgets it. Idempotent. */
  @Override
  void close();
}
