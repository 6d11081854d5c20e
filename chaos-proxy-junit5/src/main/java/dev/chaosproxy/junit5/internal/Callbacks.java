package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyBuilder;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.junit5.ChaosProxy.Lifecycle;
import dev.chaosproxy.junit5.ProxyName;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.TestInstances;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.opentest4j.TestAbortedException;

/**
 * What {@code ChaosProxyExtension} does at each point of the JUnit lifecycle. All state lives in
 * the extension contexts' stores; several extension instances (the declarative one and any
 * registered with {@code @RegisterExtension}) share it.
 */
public final class Callbacks {
  static final Namespace NAMESPACE = Namespace.create("dev.chaosproxy.junit5");
  private static final Pattern INVOCATION = Pattern.compile("\\[test-template-invocation:#(\\d+)]$");
  private static final Pattern ENGINE_NAME_UNSAFE = Pattern.compile("[^A-Za-z0-9._:-]");

  private Callbacks() {}

  /** Store key of a context's own scope (store lookups search ancestors, so the key names the context). */
  private static final class ScopeKey {
    final String uniqueId;

    ScopeKey(String uniqueId) {
      this.uniqueId = uniqueId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ScopeKey && ((ScopeKey) o).uniqueId.equals(uniqueId);
    }

    @Override
    public int hashCode() {
      return uniqueId.hashCode();
    }
  }

  private enum Keys {
    ENGINE,
    /** The extension instance that resolves ProxyControl parameters in a context and below. */
    RESOLVER
  }

  // ---- lifecycle ----

  /**
   * Starts the class's PER_CLASS proxies before a {@code @TestInstance(PER_CLASS)} instance is
   * constructed (which comes before {@code beforeAll}), so that its constructor can take them.
   */
  public static void beforeConstruct(Object extension, List<Declaration> programmatic, Class<?> testClass,
      ExtensionContext context) {
    if (context.getTestInstanceLifecycle().orElse(null) != TestInstance.Lifecycle.PER_CLASS) return;
    if (context.getElement().orElse(null) != testClass) return; // not the class's own context: beforeAll has run
    beforeAll(extension, programmatic, context);
  }

  /** Starts the class's PER_CLASS proxies: its annotations' and this extension's own. Idempotent. */
  public static void beforeAll(Object extension, List<Declaration> programmatic, ExtensionContext context) {
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
  public static void beforeEach(Object extension, List<Declaration> programmatic, ExtensionContext context) {
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
          throw new IllegalArgumentException(d.source + " is PER_CLASS, but its extension was registered after the class "
              + "started (an instance field); declare the @RegisterExtension field static, or the proxy PER_METHOD");
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExtensionConfigurationException("interrupted while waiting for the class's shared proxies", e);
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
          throw new ExtensionConfigurationException(p.declaration.source + ": the proxy has no upstream yet as "
              + describe(context) + " starts: " + why, p.pendingCause());
        }
      }
    }
  }

  /** Puts the class's shared proxies back into their declared state. */
  public static void afterEach(ExtensionContext context) {
    Scope scope = existingScope(context);
    if (scope == null || !scope.restored.compareAndSet(false, true)) return;
    for (Scope s : scope.turnsHeld()) { // only what this test had the turn on: another test may be using the rest
      for (LiveProxy p : s.proxies) {
        try {
          p.restore();
        } catch (IllegalStateException e) {
          throw new ExtensionConfigurationException(p.declaration.source + ": cannot reset the class's proxy after "
              + describe(context) + ": " + e.getMessage() + " (a PER_CLASS proxy is closed by the extension when the class ends)", e);
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
          failure.addSuppressed(new ChaosProxyNote("proxy '" + p.name() + "' had no upstream yet, so its clients were reset: " + why));
        }
      }
    }
  }

  /** Adds the run's seed and the proxies' state to a failed test. */
  public static void testFailed(Throwable failure, ExtensionContext context) {
    if (failure instanceof TestAbortedException || failure instanceof ParameterResolutionException
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
    EngineResource e = engine(context);
    failure.addSuppressed(new ChaosProxyNote("chaos-proxy seed " + e.seed + " (set the configuration parameter or system "
        + "property " + EngineResource.SEED + "=" + e.seed + " to replay this run's chaos); proxies:\n  "
        + String.join("\n  ", lines)));
  }

  // ---- parameters ----

  /** Whether {@code extension} resolves this parameter: one instance per context answers for ProxyControl. */
  public static boolean supports(Object extension, ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() != ProxyControl.class) return false;
    Object owner = context.getStore(NAMESPACE).getOrComputeIfAbsent(Keys.RESOLVER, k -> extension);
    return owner == extension;
  }

  public static ProxyControl resolve(ParameterContext parameter, ExtensionContext context) {
    List<LiveProxy> visible = new ArrayList<>();
    for (Scope s : chain(context)) visible.addAll(s.proxies);
    Parameter p = parameter.getParameter();
    String where = (p.isNamePresent() ? "parameter '" + p.getName() + "'" : "parameter #" + (parameter.getIndex() + 1))
        + " of " + executable(parameter);
    Optional<ProxyName> named = parameter.findAnnotation(ProxyName.class);
    if (named.isPresent()) {
      String wanted = named.get().value();
      for (LiveProxy l : visible) {
        if (l.name().equals(wanted)) return l.handle;
      }
      throw new ParameterResolutionException("no proxy named '" + wanted + "' for " + where + "; "
          + visibleNames(visible) + notStartedHint(context, visible));
    }
    if (visible.size() == 1) return visible.get(0).handle;
    if (visible.isEmpty()) {
      throw new ParameterResolutionException("no proxy for " + where + ": " + visibleNames(visible) + notStartedHint(context, visible));
    }
    if (p.isNamePresent()) {
      for (LiveProxy l : visible) {
        if (l.name().equals(p.getName())) return l.handle;
      }
    }
    throw new ParameterResolutionException("which proxy for " + where + "? " + visibleNames(visible)
        + "; say which with @ProxyName(\"" + visible.get(0).name() + "\")");
  }

  private static String visibleNames(List<LiveProxy> visible) {
    if (visible.isEmpty()) return "there are no proxies here";
    return "the proxies here are " + visible.stream().map(l -> "'" + l.name() + "'").collect(Collectors.joining(", "));
  }

  /** Why a declared proxy is not visible: PER_METHOD proxies do not exist yet in a constructor or {@code @BeforeAll}. */
  private static String notStartedHint(ExtensionContext context, List<LiveProxy> visible) {
    List<String> later = new ArrayList<>();
    for (ExtensionContext c : classContexts(context)) {
      try {
        for (Declaration d : classDeclarations(c)) {
          if (d.lifecycle == Lifecycle.PER_METHOD && visible.stream().noneMatch(l -> l.name().equals(d.name))) later.add(d.name);
        }
      } catch (IllegalArgumentException ignored) {
        // a bad declaration fails elsewhere with its own message
      }
    }
    if (later.isEmpty()) {
      return visible.isEmpty() ? "; declare one with @ChaosProxy on the test class or method" : "";
    }
    return "; " + later.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ")) + " start" + (later.size() == 1 ? "s" : "")
        + " for each test, after the test instance is constructed and after @BeforeAll: inject it into the test or a "
        + "@BeforeEach method, or declare it lifecycle = PER_CLASS";
  }

  private static String executable(ParameterContext parameter) {
    var e = parameter.getDeclaringExecutable();
    String cls = className(e.getDeclaringClass());
    return e instanceof Method ? cls + "." + e.getName() + "()" : "the constructor of " + cls;
  }

  /**
   * {@code programmatic}, each source naming the {@code @RegisterExtension} field that holds
   * {@code extension} (in the test class or an enclosing one), or as it is when no field does.
   */
  public static List<Declaration> locate(Object extension, List<Declaration> programmatic, ExtensionContext context) {
    List<Object> instances = context.getTestInstances().map(TestInstances::getAllInstances).orElse(List.of());
    for (ExtensionContext c : classContexts(context)) {
      for (Field f : ReflectionSupport.findFields(c.getRequiredTestClass(), x -> x.getType().isInstance(extension),
          HierarchyTraversalMode.TOP_DOWN)) {
        if (holds(f, extension, instances)) {
          String where = "in field " + className(f.getDeclaringClass()) + "." + f.getName();
          List<Declaration> out = new ArrayList<>(programmatic.size());
          for (Declaration d : programmatic) out.add(d.in(where));
          return List.copyOf(out);
        }
      }
    }
    return programmatic;
  }

  private static boolean holds(Field f, Object extension, List<Object> instances) {
    try {
      if (!f.trySetAccessible()) return false;
      if (Modifier.isStatic(f.getModifiers())) return f.get(null) == extension;
      for (Object i : instances) {
        if (f.getDeclaringClass().isInstance(i) && f.get(i) == extension) return true;
      }
      return false;
    } catch (IllegalAccessException | RuntimeException e) {
      return false; // an unreadable field: the message goes without its name
    }
  }

  // ---- starting ----

  private static void start(Declaration d, Scope scope, ExtensionContext context) {
    for (Scope s : chain(context)) {
      LiveProxy other = s.find(d.name);
      if (other != null) {
        throw new IllegalArgumentException("two proxies are named '" + d.name + "' in " + scope.description + ": "
            + other.declaration.source + " and " + d.source + "; give each a name of its own");
      }
    }
    if (d.lifecycle == Lifecycle.PER_CLASS) {
      try {
        d.upstream.perClassCompatible(context);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(d.source + ": " + e.getMessage(), e);
      }
    }
    EngineResource engine = engine(context, d.memoryBudget);
    Resolved upstream;
    try {
      upstream = d.upstream.resolve(context, placeholders(context));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(d.source + ": " + e.getMessage(), e);
    }
    String bound = upstream.hostPort();
    long seed = d.seed != null ? d.seed : Seeds.derive(engine.seed, scope.uniqueId, d.name);
    ProxyControl proxy = startUnique(engine.engine, d, scope, bound, seed);
    LiveProxy live = new LiveProxy(d, proxy, scope.description, upstream);
    scope.proxies.add(live);
    live.applyDeclaredChaos(true);
    if (d.systemProperties) live.published = SystemProperties.publish(d.name, proxy.host(), proxy.port(), scope.description);
  }

  private static ProxyControl startUnique(ChaosEngine engine, Declaration d, Scope scope, String upstream, long seed) {
    String base = d.name + ":" + scope.engineSuffix;
    if (base.length() > 120) base = base.substring(0, 120);
    String listen = HostPort.format(d.listenHost, d.listenPort);
    for (int attempt = 1; ; attempt++) {
      String name = attempt == 1 ? base : base + "-" + attempt;
      if (engine.proxy(name).isPresent()) continue;
      ProxyBuilder b = engine.newProxy(name).listen(listen).seed(seed);
      if (upstream != null) b.upstream(upstream);
      for (Toxic t : d.toxics) b.toxic(t);
      if (d.connectTimeout != null) b.connectTimeout(d.connectTimeout);
      if (d.bufferSize != null) b.bufferSize(d.bufferSize);
      try {
        return b.start();
      } catch (UncheckedIOException e) {
        throw new IllegalArgumentException(d.source + ": cannot listen on " + listen + " for " + scope.description + ": "
            + e.getMessage() + (d.listenPort != 0 ? "; a fixed port is shared by every test that runs at the same time, so "
            + "leave port at 0 (a free port) unless something outside the test needs this one" : ""), e);
      } catch (IllegalArgumentException e) {
        if (engine.proxy(name).isPresent()) continue; // a test running beside this one took the name first
        throw new IllegalArgumentException(d.source + ": " + e.getMessage(), e);
      }
    }
  }

  private static void bindPending(ExtensionContext context) {
    Placeholders placeholders = null;
    for (Scope s : chain(context)) {
      for (LiveProxy p : s.proxies) {
        if (p.pending() == null) continue;
        if (placeholders == null) placeholders = placeholders(context);
        p.tryBind(context, placeholders);
      }
    }
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

  // ---- contexts, scopes, engine ----

  private static Placeholders placeholders(ExtensionContext context) {
    return new Placeholders(System::getProperty, context::getConfigurationParameter, System.getenv());
  }

  static EngineResource engine(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Keys.ENGINE, k -> EngineResource.create(context.getRoot()), EngineResource.class);
  }

  /**
   * The engine for proxies that asked for {@code memoryBudget} (a budget is engine-wide): one per
   * distinct budget, with the run's seed; the run's default engine when null.
   */
  static EngineResource engine(ExtensionContext context, DataSize memoryBudget) {
    EngineResource main = engine(context);
    if (memoryBudget == null) return main;
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(new BudgetKey(memoryBudget.bytes()),
        k -> EngineResource.withBudget(main, memoryBudget), EngineResource.class);
  }

  /** The store key of the engine with one memory budget. */
  private static final class BudgetKey {
    final long bytes;

    BudgetKey(long bytes) {
      this.bytes = bytes;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BudgetKey && ((BudgetKey) o).bytes == bytes;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(bytes);
    }
  }

  private static Scope scope(ExtensionContext context) {
    boolean isClass = context.getElement().orElse(null) instanceof Class;
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(new ScopeKey(context.getUniqueId()),
        k -> new Scope(context.getUniqueId(), describe(context), engineSuffix(context), isClass), Scope.class);
  }

  private static Scope existingScope(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(new ScopeKey(context.getUniqueId()), Scope.class);
  }

  /** The scopes of {@code context} and its ancestors that have one, outermost first. */
  private static List<Scope> chain(ExtensionContext context) {
    List<Scope> out = new ArrayList<>();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Scope s = existingScope(c);
      if (s != null) out.add(s);
    }
    Collections.reverse(out);
    return out;
  }

  /** The class contexts from the outermost enclosing class to the innermost ({@code @Nested}). */
  private static List<ExtensionContext> classContexts(ExtensionContext context) {
    List<ExtensionContext> out = new ArrayList<>();
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      if (c.getElement().orElse(null) instanceof Class) out.add(c);
    }
    Collections.reverse(out);
    return out;
  }

  /** The declarations on a class context's class, read once. */
  private static List<Declaration> classDeclarations(ExtensionContext classContext) {
    Scope scope = scope(classContext);
    List<Declaration> d = scope.classDeclarations;
    if (d == null) {
      d = Annotations.onClass(classContext.getRequiredTestClass());
      scope.classDeclarations = d;
    }
    return d;
  }

  /** {@code FooTest}, {@code Outer.Inner} or {@code FooTest.bar()} (with {@code [3]} for the third invocation). */
  static String describe(ExtensionContext context) {
    Object element = context.getElement().orElse(null);
    if (element instanceof Class) return className((Class<?>) element);
    String cls = context.getTestClass().map(Callbacks::className).orElse("?");
    String method = context.getTestMethod().map(Method::getName).orElse(context.getDisplayName());
    Matcher m = INVOCATION.matcher(context.getUniqueId());
    return cls + "." + method + "()" + (m.find() ? " [" + m.group(1) + "]" : "");
  }

  private static String engineSuffix(ExtensionContext context) {
    Object element = context.getElement().orElse(null);
    String cls = context.getTestClass().map(Callbacks::className).orElse("test");
    String s;
    if (element instanceof Class) {
      s = cls;
    } else {
      Matcher m = INVOCATION.matcher(context.getUniqueId());
      s = cls + "." + context.getTestMethod().map(Method::getName).orElse("test") + (m.find() ? "-" + m.group(1) : "");
    }
    return ENGINE_NAME_UNSAFE.matcher(s).replaceAll("_");
  }

  static String className(Class<?> c) {
    String n = c.getName();
    int dot = n.lastIndexOf('.');
    return n.substring(dot + 1).replace('$', '.');
  }
}
