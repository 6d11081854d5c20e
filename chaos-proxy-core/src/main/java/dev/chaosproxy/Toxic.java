package dev.chaosproxy;

import dev.chaosproxy.internal.Names;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.chaos.TriggerSpec;
import java.util.Map;
import java.util.Objects;

/**
 * One fault: a name, a {@link ToxicType}, the {@link Direction} it acts on, a toxicity (the
 * fraction of connections it applies to, decided once per connection), typed attributes and an
 * optional {@link Trigger} it waits for. Immutable; attributes are validated and completed with
 * defaults on construction.
 */
public final class Toxic {

  private final String name;
  private final ToxicType type;
  private final Direction direction;
  private final double toxicity;
  private final Map<String, Object> attributes;
  private final Trigger trigger;

  private Toxic(
      String name,
      ToxicType type,
      Direction direction,
      double toxicity,
      Map<String, Object> attributes,
      Trigger trigger) {
    this.name = name;
    this.type = type;
    this.direction = direction;
    this.toxicity = toxicity;
    this.attributes = attributes;
    this.trigger = trigger;
  }

  /**
   * A toxic of {@code type} on {@code direction} with the given attributes (units as in Toxiproxy:
   * ms, KB/s, bytes, µs for the slicer's delay), toxicity 1 and the default name {@code
   * <type>_<direction>}.
   */
  public static Toxic of(ToxicType type, Direction direction, Map<String, ?> attributes) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(direction, "direction");
    return new Toxic(
        defaultName(type, direction),
        type,
        direction,
        1.0,
        ToxicDescriptor.of(type).normalize(attributes),
        null);
  }

  /** {@code latency_downstream}: the name a toxic gets when none is given. */
  public static String defaultName(ToxicType type, Direction direction) {
    return type.wireName() + "_" + direction.wireName();
  }

  /** This toxic under another name (letters, digits, {@code . _ : -}; at most 128). */
  public Toxic named(String newName) {
    return new Toxic(checkName(newName), type, direction, toxicity, attributes, trigger);
  }

  /** This toxic applied to the fraction {@code toxicity} (0..1) of connections. */
  public Toxic withToxicity(double newToxicity) {
    return new Toxic(name, type, direction, checkToxicity(newToxicity), attributes, trigger);
  }

  /**
   * This toxic with {@code patch} merged over its attributes, as Toxiproxy's partial update does.
   */
  public Toxic withAttributes(Map<String, ?> patch) {
    return new Toxic(
        name,
        type,
        direction,
        toxicity,
        ToxicDescriptor.of(type).merge(attributes, patch),
        trigger);
  }

  /**
   * This toxic waiting for {@code newTrigger} before it acts; null for none (it acts at once).
   *
   * @throws IllegalArgumentException if this type cannot wait for that trigger (a stream position
   *     or a time for {@code slow_connect}, which acts before any byte, or {@code session_limit},
   *     which is a time itself)
   */
  public Toxic when(Trigger newTrigger) {
    if (newTrigger != null) TriggerSpec.checkFor(type, newTrigger);
    return new Toxic(name, type, direction, toxicity, attributes, newTrigger);
  }

  /** This toxic on another direction (the name is kept). */
  public Toxic on(Direction newDirection) {
    return new Toxic(
        name,
        type,
        Objects.requireNonNull(newDirection, "direction"),
        toxicity,
        attributes,
        trigger);
  }

  public String name() {
    return name;
  }

  public ToxicType type() {
    return type;
  }

  public Direction direction() {
    return direction;
  }

  public double toxicity() {
    return toxicity;
  }

  /** Every attribute of this toxic's type, in display order; integral values are {@code Long}. */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** When it acts, or null: it acts from the moment it is added. */
  public Trigger trigger() {
    return trigger;
  }

  /** Checks a toxic name and returns it. */
  public static String checkName(String name) {
    return Names.check("toxic", name);
  }

  /** Checks a toxicity and returns it. */
  public static double checkToxicity(double toxicity) {
    if (!(toxicity >= 0 && toxicity <= 1)) {
      throw new IllegalArgumentException(
          "toxicity is the fraction of connections a toxic applies to and must be between 0.0 and 1.0, was "
              + toxicity);
    }
    return toxicity;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Toxic)) return false;
    Toxic t = (Toxic) o;
    return name.equals(t.name)
        && type == t.type
        && direction == t.direction
        && Double.compare(toxicity, t.toxicity) == 0
        && attributes.equals(t.attributes)
        && Objects.equals(trigger, t.trigger);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, direction, toxicity, attributes, trigger);
  }

  @Override
  public String toString() {
    return name
        + "["
        + type.wireName()
        + " "
        + direction.wireName()
        + (toxicity < 1 ? " toxicity=" + toxicity : "")
        + " "
        + attributes
        + (trigger == null ? "" : " when " + trigger.conditions())
        + "]";
  }
}
