package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.DataSize;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Where the extension's state lives in the contexts' stores: scopes, the engines, the parameter
 * resolver.
 */
final class Scopes {
  private static final Namespace NAMESPACE = Namespace.create("dev.chaosproxy.junit5");

  private Scopes() {}

  /**
   * Store key of a context's own scope (store lookups search ancestors, so the key names the
   * context).
   */
  private record ScopeKey(String uniqueId) {}

  /** The store key of the engine with one memory budget. */
  private record BudgetKey(long bytes) {}

  private enum Keys {
    ENGINE,
    /** The extension instance that resolves ProxyControl parameters in a context and below. */
    RESOLVER
  }

  /**
   * The extension instance that resolves ProxyControl parameters in {@code context}: the first to
   * ask.
   */
  static Object resolver(ExtensionContext context, Object extension) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(Keys.RESOLVER, k -> extension);
  }

  /** The run's default engine, made on first use. */
  static EngineResource engine(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            Keys.ENGINE, k -> EngineResource.create(context.getRoot()), EngineResource.class);
  }

  /**
   * The engine for proxies that asked for {@code memoryBudget} (a budget is engine-wide): one per
   * distinct budget, with the run's seed; the run's default engine when null.
   */
  static EngineResource engine(ExtensionContext context, DataSize memoryBudget) {
    EngineResource main = engine(context);
    if (memoryBudget == null) return main;
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            new BudgetKey(memoryBudget.bytes()),
            k -> EngineResource.withBudget(main, memoryBudget),
            EngineResource.class);
  }

  /** The context's own scope, made on first use. */
  static Scope scope(ExtensionContext context) {
    boolean isClass = context.getElement().orElse(null) instanceof Class;
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            new ScopeKey(context.getUniqueId()),
            k ->
                new Scope(
                    context.getUniqueId(),
                    Naming.describe(context),
                    Naming.engineSuffix(context),
                    isClass),
            Scope.class);
  }

  /** The context's own scope, or null if it has none. */
  static Scope existingScope(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(new ScopeKey(context.getUniqueId()), Scope.class);
  }

  /** The scopes of {@code context} and its ancestors that have one, outermost first. */
  static List<Scope> chain(ExtensionContext context) {
    List<Scope> out = new ArrayList<>();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Scope s = existingScope(c);
      if (s != null) out.add(s);
    }
    Collections.reverse(out);
    return out;
  }

  /** The class contexts from the outermost enclosing class to the innermost ({@code @Nested}). */
  static List<ExtensionContext> classContexts(ExtensionContext context) {
    List<ExtensionContext> out = new ArrayList<>();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      if (c.getElement().orElse(null) instanceof Class) out.add(c);
    }
    Collections.reverse(out);
    return out;
  }

  /** The declarations on a class context's class, read once. */
  static List<Declaration> classDeclarations(ExtensionContext classContext) {
    Scope scope = scope(classContext);
    List<Declaration> d = scope.classDeclarations;
    if (d == null) {
      d = Annotations.onClass(classContext.getRequiredTestClass());
      scope.classDeclarations = d;
    }
    return d;
  }
}
