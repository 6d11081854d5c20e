package dev.chaosproxy.internal;

import static dev.chaosproxy.internal.chaos.ToxicDescriptor.values;

import dev.chaosproxy.Chaos;
import dev.chaosproxy.ConnectionInfo;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Distribution;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.Trigger;
import dev.chaosproxy.internal.chaos.toxics.Bandwidth;
import dev.chaosproxy.internal.chaos.toxics.Corrupt;
import dev.chaosproxy.internal.chaos.toxics.Latency;
import dev.chaosproxy.internal.chaos.toxics.LimitData;
import dev.chaosproxy.internal.chaos.toxics.PacketLoss;
import dev.chaosproxy.internal.chaos.toxics.ResetPeer;
import dev.chaosproxy.internal.chaos.toxics.SessionLimit;
import dev.chaosproxy.internal.chaos.toxics.Slicer;
import dev.chaosproxy.internal.chaos.toxics.SlowClose;
import dev.chaosproxy.internal.chaos.toxics.SlowConnect;
import dev.chaosproxy.internal.chaos.toxics.Stall;
import dev.chaosproxy.internal.chaos.toxics.Terminate;
import dev.chaosproxy.internal.chaos.toxics.Timeout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The fluent fault vocabulary, written once over an abstract list of toxics: a proxy's, one
 * connection's, local or remote. A handle is a view: the directions it acts on and the toxicity its
 * new toxics get.
 */
public abstract class ChaosHandle<S extends Chaos<S>> implements Chaos<S> {
  private static final Set<Direction> BOTH =
      Collections.unmodifiableSet(EnumSet.allOf(Direction.class));

  protected final Set<Direction> directions;
  protected final double toxicity;

  /** The trigger this view's new toxics carry, or null. */
  protected final Trigger trigger;

  /** What a view narrows: the directions it acts on, its toxicity, its trigger (or null). */
  public static final class Scope {
    /** Both directions, toxicity 1, no trigger: a handle's own scope. */
    public static final Scope ALL = new Scope(BOTH, 1.0, null);

    final Set<Direction> directions;
    final double toxicity;
    final Trigger trigger;

    Scope(Set<Direction> directions, double toxicity, Trigger trigger) {
      this.directions =
          directions.size() == 2 ? BOTH : Collections.unmodifiableSet(EnumSet.copyOf(directions));
      this.toxicity = toxicity;
      this.trigger = trigger;
    }
  }

  /** This view's scope, to make another handle with the same one. */
  protected final Scope scope;

  protected ChaosHandle(Scope scope) {
    this.scope = scope;
    this.directions = scope.directions;
    this.toxicity = scope.toxicity;
    this.trigger = scope.trigger;
  }

  protected ChaosHandle() {
    this(Scope.ALL);
  }

  /** This handle, typed. */
  protected abstract S self();

  /** The same target seen through another scope. */
  protected abstract S view(Scope scope);

  /** Applies {@code change} to the target's toxics atomically and waits until it is in effect. */
  protected abstract List<Toxic> update(UnaryOperator<List<Toxic>> change);

  /** The target's toxics now. */
  protected abstract List<Toxic> current();

  /** Injects {@code bytes} into the target's live connections in {@code direction}. */
  protected abstract void injectNow(Direction direction, byte[] bytes);

  /** A short description of the target for messages, e.g. {@code proxy 'redis'}. */
  protected abstract String describe();

  @Override
  public S upstream() {
    return view(new Scope(EnumSet.of(Direction.UPSTREAM), toxicity, trigger));
  }

  @Override
  public S downstream() {
    return view(new Scope(EnumSet.of(Direction.DOWNSTREAM), toxicity, trigger));
  }

  @Override
  public S toxicity(double fraction) {
    return view(new Scope(directions, Toxic.checkToxicity(fraction), trigger));
  }

  @Override
  public S when(Trigger condition) {
    Objects.requireNonNull(condition, "trigger");
    return view(
        new Scope(directions, toxicity, trigger == null ? condition : trigger.and(condition)));
  }

  @Override
  public S firstConnections(int count) {
    return when(Trigger.firstConnections(count));
  }

  @Override
  public S after(DataSize offset) {
    return when(Trigger.afterBytes(offset));
  }

  @Override
  public S whenSeen(String text) {
    return when(Trigger.seen(text));
  }

  @Override
  public dev.chaosproxy.HttpChaos http() {
    return new HttpRoutes(this::update, toxicity, trigger);
  }

  @Override
  public S refuse() {
    return sessionLimit(Duration.ZERO);
  }

  @Override
  public S delay(Duration latency) {
    return delay(latency, Duration.ZERO);
  }

  @Override
  public S delay(Duration latency, Duration jitter) {
    checkDuration("latency", latency);
    checkDuration("jitter", jitter);
    return putAll(ToxicType.LATENCY, values(Latency.LATENCY, latency, Latency.JITTER, jitter));
  }

  @Override
  public S delay(Duration latency, Duration jitter, Distribution distribution) {
    return drawnDelay(latency, jitter, distribution, null);
  }

  @Override
  public S delay(Duration latency, Duration jitter, Distribution distribution, Duration max) {
    checkDuration("max", max);
    return drawnDelay(latency, jitter, distribution, max);
  }

  /** A latency toxic with a distribution, and a cap unless {@code max} is null. */
  private S drawnDelay(Duration latency, Duration jitter, Distribution distribution, Duration max) {
    Objects.requireNonNull(distribution, "distribution");
    checkDuration("latency", latency);
    checkDuration("jitter", jitter);
    Map<String, Object> attributes =
        new LinkedHashMap<>(
            values(
                Latency.LATENCY,
                latency,
                Latency.JITTER,
                jitter,
                Latency.DISTRIBUTION,
                distribution.wireName()));
    if (max != null) attributes.putAll(values(Latency.MAX, max));
    return putAll(ToxicType.LATENCY, attributes);
  }

  @Override
  public S throttle(DataSize perSecond) {
    Objects.requireNonNull(perSecond, "perSecond");
    return putAll(ToxicType.BANDWIDTH, values(Bandwidth.RATE_BYTES, perSecond));
  }

  @Override
  public S throttleShared(DataSize perSecond) {
    Objects.requireNonNull(perSecond, "perSecond");
    return putAll(
        ToxicType.BANDWIDTH, values(Bandwidth.RATE_BYTES, perSecond, Bandwidth.SHARED, true));
  }

  @Override
  public S throttleLink(String link, DataSize perSecond) {
    Names.check("link", link);
    Objects.requireNonNull(perSecond, "perSecond");
    return putAll(
        ToxicType.BANDWIDTH, values(Bandwidth.RATE_BYTES, perSecond, Bandwidth.LINK, link));
  }

  @Override
  public S slice(DataSize size) {
    return slice(size, DataSize.ofBytes(0), Duration.ZERO);
  }

  @Override
  public S slice(DataSize averageSize, DataSize variation, Duration pause) {
    Objects.requireNonNull(averageSize, "averageSize");
    Objects.requireNonNull(variation, "variation");
    checkDuration("pause", pause);
    return putAll(
        ToxicType.SLICER,
        values(
            Slicer.AVERAGE_SIZE,
            averageSize,
            Slicer.SIZE_VARIATION,
            variation,
            Slicer.DELAY,
            pause));
  }

  @Override
  public S corrupt(double probability) {
    return putAll(
        ToxicType.CORRUPT, values(Corrupt.PROBABILITY, probability, Corrupt.MODE, Corrupt.INJECT));
  }

  @Override
  public S flipBits(double probability) {
    return putAll(
        ToxicType.CORRUPT, values(Corrupt.PROBABILITY, probability, Corrupt.MODE, Corrupt.FLIP));
  }

  @Override
  public S terminate(double probability) {
    return putAll(ToxicType.TERMINATE, values(Terminate.PROBABILITY, probability));
  }

  @Override
  public S packetLoss(double lossRate, double correlation) {
    return putAll(
        ToxicType.PACKET_LOSS,
        values(PacketLoss.LOSS_RATE, lossRate, PacketLoss.CORRELATION, correlation));
  }

  @Override
  public S stall(double probability, Duration pause) {
    checkDuration("pause", pause);
    return putAll(ToxicType.STALL, values(Stall.PROBABILITY, probability, Stall.DURATION, pause));
  }

  @Override
  public S timeout(Duration after) {
    if (after != null && after.isZero()) {
      throw new IllegalArgumentException(
          "timeout must be positive; for a connection that never closes use blackhole()");
    }
    checkDuration("timeout", after);
    return putAll(ToxicType.TIMEOUT, values(Timeout.TIMEOUT, after));
  }

  @Override
  public S blackhole() {
    return putAll(ToxicType.TIMEOUT, values(Timeout.TIMEOUT, 0L));
  }

  @Override
  public S resetPeer(Duration after) {
    checkDuration("after", after);
    return putAll(ToxicType.RESET_PEER, values(ResetPeer.TIMEOUT, after));
  }

  @Override
  public S slowClose(Duration delay) {
    checkDuration("delay", delay);
    return putAll(ToxicType.SLOW_CLOSE, values(SlowClose.DELAY, delay));
  }

  @Override
  public S limitData(DataSize limit) {
    Objects.requireNonNull(limit, "limit");
    return putAll(ToxicType.LIMIT_DATA, values(LimitData.BYTES, limit));
  }

  /**
   * One toxic for the whole connection: on a one-direction view it takes that direction, so the
   * view that added it lists and clears it; on both directions it is the downstream one.
   */
  @Override
  public S sessionLimit(Duration lifetime) {
    checkDuration("lifetime", lifetime);
    return putWhole(
        ToxicType.SESSION_LIMIT, Direction.DOWNSTREAM, values(SessionLimit.DURATION, lifetime));
  }

  /**
   * {@code slowConnect(delay)} for the handles that have it: one toxic before the connect, on this
   * view's one direction, or on both directions the upstream one.
   */
  protected final S slowConnectToxic(Duration delay) {
    checkDuration("delay", delay);
    return putWhole(ToxicType.SLOW_CONNECT, Direction.UPSTREAM, values(SlowConnect.DELAY, delay));
  }

  @Override
  public S inject(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    for (Direction d : directions) injectNow(d, bytes);
    return self();
  }

  @Override
  public S add(Toxic toxic) {
    Objects.requireNonNull(toxic, "toxic");
    update(
        list -> {
          for (Toxic t : list) {
            if (t.name().equals(toxic.name())) {
              throw new IllegalArgumentException(
                  "toxic '"
                      + toxic.name()
                      + "' already exists on "
                      + describe()
                      + "; use put() to replace it");
            }
          }
          list.add(toxic);
          return list;
        });
    return self();
  }

  @Override
  public S put(Toxic toxic) {
    Objects.requireNonNull(toxic, "toxic");
    update(list -> upsert(list, List.of(toxic)));
    return self();
  }

  @Override
  public S remove(String name) {
    update(
        list -> {
          if (!list.removeIf(t -> t.name().equals(name))) {
            throw new IllegalArgumentException(
                "no toxic named '"
                    + name
                    + "' on "
                    + describe()
                    + "; toxics: "
                    + list.stream().map(Toxic::name).collect(Collectors.toList()));
          }
          return list;
        });
    return self();
  }

  @Override
  public S clear() {
    update(
        list -> {
          list.removeIf(t -> directions.contains(t.direction()));
          return list;
        });
    return self();
  }

  @Override
  public List<Toxic> toxics() {
    List<Toxic> all = current();
    if (directions.size() == 2) return all;
    return all.stream()
        .filter(t -> directions.contains(t.direction()))
        .collect(Collectors.toUnmodifiableList());
  }

  /** Adds a toxic of {@code type} for each direction of this view, replacing same-named ones. */
  protected final S putAll(ToxicType type, Map<String, Object> attributes) {
    List<Toxic> add = new ArrayList<>();
    for (Direction d : directions) {
      add.add(Toxic.of(type, d, attributes).withToxicity(toxicity).when(trigger));
    }
    update(list -> upsert(list, add));
    return self();
  }

  /**
   * Adds one toxic of {@code type} for the whole connection, on this view's direction if it has
   * one, else {@code whole}.
   */
  private S putWhole(ToxicType type, Direction whole, Map<String, Object> attributes) {
    Direction d = directions.size() == 1 ? directions.iterator().next() : whole;
    Toxic t = Toxic.of(type, d, attributes).withToxicity(toxicity).when(trigger);
    update(list -> upsert(list, List.of(t)));
    return self();
  }

  /** {@code list} with each of {@code add} replacing the toxic of the same name, or appended. */
  protected static List<Toxic> upsert(List<Toxic> list, List<Toxic> add) {
    for (Toxic t : add) {
      boolean replaced = false;
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).name().equals(t.name())) {
          list.set(i, t);
          replaced = true;
          break;
        }
      }
      if (!replaced) list.add(t);
    }
    return list;
  }

  private static void checkDuration(String what, Duration d) {
    if (d == null) throw new IllegalArgumentException(what + " must not be null");
    if (d.isNegative())
      throw new IllegalArgumentException(what + " must be >= 0, was " + Durations.show(d));
  }

  /**
   * Fails a change to the proxy {@code name} once it is closed: in-process and remote alike, reads
   * keep answering.
   */
  protected static void checkProxyOpen(boolean closed, String name) {
    if (closed) throw proxyClosed(name, null);
  }

  /** What a change to the closed proxy {@code name} throws; {@code why} says more, or is null. */
  protected static IllegalStateException proxyClosed(String name, String why) {
    return new IllegalStateException(
        "proxy '" + name + "' is closed" + (why == null ? "" : ": " + why));
  }

  /**
   * What {@code awaitConnections} throws when fewer than {@code count} are live after {@code
   * timeout}.
   */
  public static IllegalStateException tooFewConnections(
      String proxy, int live, int count, Duration timeout) {
    return new IllegalStateException(
        String.format(
            "proxy '%s' has %d live connection(s), not %d, after waiting %d ms",
            proxy, live, count, timeout.toMillis()));
  }

  /**
   * {@code ProxyControl[name address -> upstream<detail><state><scope>]}, in-process and remote
   * alike.
   */
  protected final String describeProxy(
      String name,
      String address,
      String upstream,
      String detail,
      boolean closed,
      boolean enabled) {
    return "ProxyControl["
        + name
        + " "
        + address
        + " -> "
        + upstream
        + detail
        + (closed ? " (closed)" : enabled ? "" : " (down)")
        + scopeSuffix()
        + "]";
  }

  /** {@code ConnectionControl[id client -> proxy state<scope>]}, in-process and remote alike. */
  protected final String describeConnection(ConnectionInfo i) {
    return "ConnectionControl["
        + i.id()
        + " "
        + i.client()
        + " -> "
        + i.proxy()
        + " "
        + i.state()
        + scopeSuffix()
        + "]";
  }

  /** Whether {@code other} acts in the same directions with the same toxicity (for equals). */
  protected final boolean sameScope(ChaosHandle<?> other) {
    return other.directions.equals(directions)
        && other.toxicity == toxicity
        && Objects.equals(other.trigger, trigger);
  }

  protected final String scopeSuffix() {
    String dirs = directions.size() == 2 ? "" : " " + directions.iterator().next().wireName();
    return dirs
        + (toxicity < 1 ? " toxicity=" + toxicity : "")
        + (trigger == null ? "" : " when " + trigger.conditions());
  }
}
