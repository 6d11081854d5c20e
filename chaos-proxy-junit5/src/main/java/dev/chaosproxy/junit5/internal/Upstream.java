package dev.chaosproxy.junit5.internal;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where a declared proxy forwards to, as declared: nothing yet, a template, a container field, a
 * supplier.
 */
public abstract class Upstream {
  private static final Upstream NONE =
      new Upstream() {
        @Override
        Resolved resolve(ExtensionContext context, Placeholders placeholders) {
          return Resolved.NONE;
        }

        @Override
        public String toString() {
          return "none";
        }
      };

  private Upstream() {}

  /** No upstream: the test binds it with {@code retarget}. */
  public static Upstream none() {
    return NONE;
  }

  /** {@code host:port}, possibly with placeholders. */
  public static Upstream text(String template) {
    Objects.requireNonNull(template, "template");
    boolean literal = !Placeholders.has(template);
    if (literal) Addresses.checkUpstream(template, null);
    return new Upstream() {
      @Override
      Resolved resolve(ExtensionContext context, Placeholders placeholders) {
        String hostPort;
        try {
          hostPort = placeholders.resolve(template);
        } catch (Placeholders.Unresolved e) {
          return Resolved.pending(e.getMessage(), null);
        }
        return Resolved.known(
            Addresses.checkUpstream(hostPort, literal ? null : "'" + template + "'"));
      }

      @Override
      public String toString() {
        return "'" + template + "'";
      }
    };
  }

  /** The host and mapped port of a Testcontainers container held by a field of the test class. */
  public static Upstream container(String spec) {
    ContainerRef ref = ContainerRef.parse(spec);
    return new Upstream() {
      @Override
      Resolved resolve(ExtensionContext context, Placeholders placeholders) {
        return ref.resolve(context);
      }

      @Override
      boolean perClassCompatible(ExtensionContext classContext) {
        ref.checkPerClass(classContext);
        return true;
      }

      @Override
      public String toString() {
        return "container " + ref;
      }
    };
  }

  /** Whatever {@code supplier} returns, once it returns non-null without throwing. */
  public static Upstream supplier(Supplier<String> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return new Upstream() {
      @Override
      Resolved resolve(ExtensionContext context, Placeholders placeholders) {
        String hostPort;
        try {
          hostPort = supplier.get();
        } catch (RuntimeException e) {
          return Resolved.pending("the upstream supplier threw " + e, e);
        }
        if (hostPort == null) return Resolved.pending("the upstream supplier returned null", null);
        return Resolved.known(Addresses.checkUpstream(hostPort, "the supplier's value"));
      }

      @Override
      public String toString() {
        return "a supplier";
      }
    };
  }

  /** Whether there is an upstream to bind (not {@link #none()}). */
  public final boolean declared() {
    return this != NONE;
  }

  /**
   * The {@code host:port} to forward to ({@link Resolved#NONE} for {@link #none()}), or why it is
   * not known yet.
   *
   * @throws IllegalArgumentException when it is known and wrong (malformed, not a container)
   */
  abstract Resolved resolve(ExtensionContext context, Placeholders placeholders);

  /** Checks that a proxy living for the whole class can use this upstream. */
  boolean perClassCompatible(ExtensionContext classContext) {
    return true;
  }
}
