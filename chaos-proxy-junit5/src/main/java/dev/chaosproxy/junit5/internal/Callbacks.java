package dev.chaosproxy.junit5.internal;

import static dev.chaosproxy.junit5.internal.Scopes.chain;
import static dev.chaosproxy.junit5.internal.Scopes.classContexts;
import static dev.chaosproxy.junit5.internal.Scopes.classDeclarations;
import static dev.chaosproxy.junit5.internal.Scopes.existingScope;
import static dev.chaosproxy.junit5.internal.Scopes.scope;
import static dev.chaosproxy.junit5.internal.Starter.bindPending;
import static dev.chaosproxy.junit5.internal.Starter.start;

import dev.chaosproxy.junit5.ChaosProxy.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.opentest4j.TestAbortedException;

/**
 * What {@code ChaosProxyExtension} does at each point of the JUnit lifecycle. All state lives in
 * the extension contexts' stores ({@link Scopes}); several extension instances (the declarative one
 * and any registered with {@code @RegisterExtension}) share it.
 */
public final class Callbacks {
  private Callbacks() {}

  /**
   * Starts the class's PER_CLASS proxies before a {@code @TestInstance(PER_CLASS)} instance is
   * constructed (which comes before {@code beforeAll}), so that its constructor can take them.
   */
  public static void beforeConstruct(
      Object extension,
      List<Declaration> programmatic,
      Class<?> testClass,
      ExtensionContext context) {
    if (context.getTestInstanceLifecycle().orElse(null) != TestInstance.Lifecycle.PER_CLASS) return;
    if (context.getElement().orElse(null) != testClass)
      return; // not the class's own context: beforeAll has run
    beforeAll(extension, programmatic, context);
  }

  /**
   * Starts the class's PER_CLASS proxies: its annotations' and this extension's own. Idempotent.
   */
  public static void beforeAll(
      Object extension, List<Declaration> programmatic, ExtensionContext context) {
    Scope scope = scope(context);
    try {
      if (scope.annotationsStarted.compareAndSet(false, true)) {
        Annotations.checkNoStrayMethodAnnotations(context.getRequiredTestClass());
        for (Declaration d : classDeclarations(context)) {
          if (d.lifecycle == Lifecycle.PER_CLASS) start(d, scope, context);
        }
      }
      List<Declaration> mine = only(programmatic, Lifecycle.PER_CLASS);
      if (!mine.isEmpty() && !startedInChain(extension, context)) {
        scope.extensionsStarted.add(extension);
        for (Declaration d : mine) start(d, scope, context);
      }
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e.getCause());
    }
    bindPending(context);
  }

  /** Takes the turn on the class's shared proxies and starts this test's proxies. */
  public static void beforeEach(
      Object extension, List<Declaration> programmatic, ExtensionContext context) {
    Scope scope = scope(context);
    try {
      if (scope.annotationsStarted.compareAndSet(false, true)) {
        for (Scope s : chain(context.getParent().orElseThrow())) {
          if (s.isClass && !s.proxies.isEmpty()) {
            scope.takeTurn(s);
            for (LiveProxy p : s.proxies) p.beginTest();
          }
        }
        List<Declaration> declared = new ArrayList<>();
        for (ExtensionContext c : classContexts(context)) {
          for (Declaration d : classDeclarations(c)) {
            if (d.lifecycle == Lifecycle.PER_METHOD) declared.add(d);
          }
        }
        declared.addAll(Annotations.onMethod(context.getRequiredTestMethod()));
        for (Declaration d : declared) start(d, scope, context);
      }
      for (Declaration d : programmatic) {
        if (d.lifecycle == Lifecycle.PER_METHOD) {
          start(d, scope, context);
        } else if (!startedInChain(extension, context)) {
          throw new IllegalArgumentException(
              d.source
                  + " is PER_CLASS, but its extension was registered after the class "
                  + "started (an instance field); declare the @RegisterExtension field static, or the proxy PER_METHOD");
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExtensionConfigurationException(
          "interrupted while waiting for the class's shared proxies", e);
    }
    bindPending(context);
  }

  /** Binds what became known in a {@code @BeforeAll} or {@code @BeforeEach} method. */
  public static void afterLifecycleMethod(ExtensionContext context) {
    bindPending(context);
  }

  /** Fails the test if a declared upstream is still unknown as the test method starts. */
  public static void beforeTestExecution(ExtensionContext context) {
    bindPending(context);
    for (Scope s : chain(context)) {
      for (LiveProxy p : s.proxies) {
        String why = p.pending();
        if (why != null) {
          throw new ExtensionConfigurationException(
              p.declaration.source
                  + ": the proxy has no upstream yet as "
                  + Naming.describe(context)
                  + " starts: "
                  + why,
              p.pendingCause());
        }
      }
    }
  }

  /** Puts the class's shared proxies back into their declared state. */
  public static void afterEach(ExtensionContext context) {
    Scope scope = existingScope(context);
    if (scope == null || !scope.restored.compareAndSet(false, true)) return;
    for (Scope s :
        scope.turnsHeld()) { // only what this test had the turn on: another test may be using the
      // rest
      for (LiveProxy p : s.proxies) {
        try {
          p.restore();
        } catch (IllegalStateException e) {
          throw new ExtensionConfigurationException(
              p.declaration.source
                  + ": cannot reset the class's proxy after "
                  + Naming.describe(context)
                  + ": "
                  + e.getMessage()
                  + " (a PER_CLASS proxy is closed by the extension when the class ends)",
              e);
        }
      }
    }
  }

  /** Adds why a proxy was unbound to the failure of a lifecycle method (it may be the cause). */
  public static void lifecycleMethodFailed(Throwable failure, ExtensionContext context) {
    for (Scope s : chain(context)) {
      for (LiveProxy p : s.proxies) {
        String why = p.pending();
        if (why != null) {
          failure.addSuppressed(
              new ChaosProxyNote(
                  "proxy '"
                      + p.name()
                      + "' had no upstream yet, so its clients were reset: "
                      + why));
        }
      }
    }
  }

  /** Adds the run's seed and the proxies' state to a failed test. */
  public static void testFailed(Throwable failure, ExtensionContext context) {
    if (failure instanceof TestAbortedException
        || failure instanceof ParameterResolutionException
        || failure instanceof ExtensionConfigurationException) {
      return; // an aborted test, or a misuse whose message says it all
    }
    for (Throwable t : failure.getSuppressed()) {
      if (t instanceof ChaosProxyNote) return;
    }
    List<String> lines = new ArrayList<>();
    for (Scope s : chain(context)) {
      for (LiveProxy p : s.proxies) lines.add(p.describe());
    }
    if (lines.isEmpty()) return;
    EngineResource e = Scopes.engine(context);
    failure.addSuppressed(
        new ChaosProxyNote(
            "chaos-proxy seed "
                + e.seed
                + " (set the configuration parameter or system "
                + "property "
                + EngineResource.SEED
                + "="
                + e.seed
                + " to replay this run's chaos); proxies:\n  "
                + String.join("\n  ", lines)));
  }

  private static boolean startedInChain(Object extension, ExtensionContext context) {
    for (Scope s : chain(context)) {
      if (s.extensionsStarted.contains(extension)) return true;
    }
    return false;
  }

  private static List<Declaration> only(List<Declaration> all, Lifecycle lifecycle) {
    List<Declaration> out = new ArrayList<>();
    for (Declaration d : all) {
      if (d.lifecycle == lifecycle) out.add(d);
    }
    return out;
  }
}
