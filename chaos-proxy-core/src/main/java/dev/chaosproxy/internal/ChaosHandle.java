package dev.chaosproxy.internal;

import dev.chaosproxy.Chaos;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.ToxicSchema;
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
 * connection's, local or remote. A handle is a view: the directions it acts on and the toxicity
 * its new toxics get.
 */
public abstract class ChaosHandle<S extends Chaos<S>> implements Chaos<S> {
  private static final Set<Direction> BOTH = Collections.unmodifiableSet(EnumSet.allOf(Direction.class));

  protected final Set<Direction> directions;
  protected final double toxicity;

  protected ChaosHandle(Set<Direction> directions, double toxicity) {
    this.directions = directions.size() == 2 ? BOTH : Collections.unmodifiableSet(EnumSet.copyOf(directions));
    this.toxicity = toxicity;
  }

  protected ChaosHandle() {
    this(BOTH, 1.0);
  }

  /** This handle, typed. */
  protected abstract S self();

  /** The same target seen through another scope. */
  protected abstract S view(Set<Direction> directions, double toxicity);

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
    return view(EnumSet.of(Direction.UPSTREAM), toxicity);
  }

  @Override
  public S downstream() {
    return view(EnumSet.of(Direction.DOWNSTREAM), toxicity);
  }

  @Override
  public S toxicity(double fraction) {
    return view(directions, Toxic.checkToxicity(fraction));
  }

  @Override
  public S delay(Duration latency) {
    return delay(latency, Duration.ZERO);
  }

  @Override
  public S delay(Duration latency, Duration jitter) {
    return putAll(ToxicType.LATENCY, attrs("latency", millis("latency", latency), "jitter", millis("jitter", jitter)));
  }

  @Override
  public S throttle(DataSize perSecond) {
    Objects.requireNonNull(perSecond, "perSecond");
    return putAll(ToxicType.BANDWIDTH, attrs("rate_bytes", perSecond.bytes()));
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
    return putAll(ToxicType.SLICER, attrs("average_size", averageSize.bytes(), "size_variation", variation.bytes(),
        "delay", pause.toNanos() / 1000.0));
  }

  @Override
  public S corrupt(double probability) {
    return putAll(ToxicType.CORRUPT, attrs("probability", probability, "mode", ToxicSchema.INJECT));
  }

  @Override
  public S flipBits(double probability) {
    return putAll(ToxicType.CORRUPT, attrs("probability", probability, "mode", ToxicSchema.FLIP));
  }

  @Override
  public S terminate(double probability) {
    return putAll(ToxicType.TERMINATE, attrs("probability", probability));
  }

  @Override
  public S stall(double probability, Duration pause) {
    return putAll(ToxicType.STALL, attrs("probability", probability, "duration", millis("pause", pause)));
  }

  @Override
  public S timeout(Duration after) {
    if (after != null && after.isZero()) {
      throw new IllegalArgumentException("timeout must be positive; for a connection that never closes use blackhole()");
    }
    return putAll(ToxicType.TIMEOUT, attrs("timeout", millis("timeout", after)));
  }

  @Override
  public S blackhole() {
    return putAll(ToxicType.TIMEOUT, attrs("timeout", 0L));
  }

  @Override
  public S resetPeer(Duration after) {
    return putAll(ToxicType.RESET_PEER, attrs("timeout", millis("after", after)));
  }

  @Override
  public S slowClose(Duration delay) {
    return putAll(ToxicType.SLOW_CLOSE, attrs("delay", millis("delay", delay)));
  }

  @Override
  public S limitData(DataSize limit) {
    Objects.requireNonNull(limit, "limit");
    return putAll(ToxicType.LIMIT_DATA, attrs("bytes", limit.bytes()));
  }

  /**
   * One toxic for the whole connection: on a one-direction view it takes that direction, so the
   * view that added it lists and clears it; on both directions it is the downstream one.
   */
  @Override
  public S sessionLimit(Duration lifetime) {
    Direction d = directions.size() == 1 ? directions.iterator().next() : Direction.DOWNSTREAM;
    Toxic t = Toxic.of(ToxicType.SESSION_LIMIT, d, attrs("duration", millis("lifetime", lifetime)))
        .withToxicity(toxicity);
    update(list -> upsert(list, List.of(t)));
    return self();
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
    update(list -> {
      for (Toxic t : list) {
        if (t.name().equals(toxic.name())) {
          throw new IllegalArgumentException("toxic '" + toxic.name() + "' already exists on " + describe()
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
    update(list -> {
      if (!list.removeIf(t -> t.name().equals(name))) {
        throw new IllegalArgumentException("no toxic named '" + name + "' on " + describe() + "; toxics: "
            + list.stream().map(Toxic::name).collect(Collectors.toList()));
      }
      return list;
    });
    return self();
  }

  @Override
  public S clear() {
    update(list -> {
      list.removeIf(t -> directions.contains(t.direction()));
      return list;
    });
    return self();
  }

  @Override
  public List<Toxic> toxics() {
    List<Toxic> all = current();
    if (directions.size() == 2) return all;
    return all.stream().filter(t -> directions.contains(t.direction())).collect(Collectors.toUnmodifiableList());
  }

  /** Adds a toxic of {@code type} for each direction of this view, replacing same-named ones. */
  protected final S putAll(ToxicType type, Map<String, Object> attributes) {
    List<Toxic> add = new ArrayList<>();
    for (Direction d : directions) add.add(Toxic.of(type, d, attributes).withToxicity(toxicity));
    update(list -> upsert(list, add));
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

  protected static Map<String, Object> attrs(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
    return m;
  }

  protected static Object millis(String what, Duration d) {
    checkDuration(what, d);
    return ToxicSchema.millis(d.toNanos());
  }

  private static void checkDuration(String what, Duration d) {
    if (d == null) throw new IllegalArgumentException(what + " must not be null");
    if (d.isNegative()) throw new IllegalArgumentException(what + " must be >= 0, was " + Durations.show(d));
  }

  protected final String scopeSuffix() {
    String dirs = directions.size() == 2 ? "" : " " + directions.iterator().next().wireName();
    return dirs + (toxicity < 1 ? " toxicity=" + toxicity : "");
  }
}
