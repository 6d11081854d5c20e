package dev.chaosproxy.junit5;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.internal.Callbacks;
import dev.chaosproxy.junit5.internal.Declaration;
import dev.chaosproxy.junit5.internal.ExtensionFields;
import dev.chaosproxy.junit5.internal.Parameters;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * The JUnit Jupiter extension behind {@link ChaosProxy}; register it with
 * {@code @RegisterExtension} for what an annotation cannot say: an upstream known only once a
 * server is up, chaos written as code, a listen address for a container to call back.
 *
 * <pre>{@code
 * static MockWebServer api = new MockWebServer();
 *
 * @RegisterExtension
 * static ChaosProxyExtension chaos = ChaosProxyExtension.builder()
 *     .proxy("api", p -> p.upstream(() -> api.getHostName() + ":" + api.getPort())
 *         .chaos(proxy -> proxy.downstream().delay(Duration.ofMillis(300))))
 *     .build();
 * }</pre>
 *
 * <p>One {@link dev.chaosproxy.ChaosEngine} serves the whole test run, its proxies kept in the
 * store of the class or test they belong to, so {@code @Nested}, parameterized, repeated and
 * parallel tests each see their own. The configuration parameter (or system property) {@code
 * chaos-proxy.seed} fixes the run's seed; a failed test reports it.
 */
public final class ChaosProxyExtension
    implements BeforeAllCallback,
        BeforeEachCallback,
        BeforeTestExecutionCallback,
        AfterEachCallback,
        ParameterResolver,
        InvocationInterceptor,
        TestExecutionExceptionHandler,
        TestInstancePreConstructCallback {
  private final List<Declaration> declarations;

  /** The declarations with the field that holds this extension in their source, once known. */
  private volatile List<Declaration> located;

  /** The extension as {@link ChaosProxy} registers it: the proxies come from annotations. */
  public ChaosProxyExtension() {
    this(List.of());
  }

  private ChaosProxyExtension(List<Declaration> declarations) {
    this.declarations = declarations;
  }

  /** Starts declaring proxies in code, for a {@code @RegisterExtension} field. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void preConstructTestInstance(
      TestInstanceFactoryContext factoryContext, ExtensionContext context) {
    Callbacks.beforeConstruct(this, declarations(context), factoryContext.getTestClass(), context);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Callbacks.beforeAll(this, declarations(context), context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Callbacks.beforeEach(this, declarations(context), context);
  }

  @Override
  public void beforeTestExecution(ExtensionContext context) {
    Callbacks.beforeTestExecution(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Callbacks.afterEach(context);
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return Parameters.supports(this, parameterContext, extensionContext);
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return Parameters.resolve(parameterContext, extensionContext);
  }

  @Override
  public void interceptBeforeAllMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedThenBind(invocation, extensionContext);
  }

  @Override
  public void interceptBeforeEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    proceedThenBind(invocation, extensionContext);
  }

  private static void proceedThenBind(Invocation<Void> invocation, ExtensionContext context)
      throws Throwable {
    try {
      invocation.proceed();
    } catch (Throwable t) {
      Callbacks.lifecycleMethodFailed(t, context);
      throw t;
    }
    Callbacks.afterLifecycleMethod(context);
  }

  /**
   * This extension's declarations, their sources naming the {@code @RegisterExtension} field that
   * holds it.
   */
  private List<Declaration> declarations(ExtensionContext context) {
    if (declarations.isEmpty()) return declarations;
    List<Declaration> l = located;
    if (l == null) {
      l = ExtensionFields.locate(this, declarations, context);
      located = l;
    }
    return l;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    Callbacks.testFailed(throwable, context);
    throw throwable;
  }

  @Override
  public String toString() {
    return "ChaosProxyExtension" + declarations;
  }

  /** Declares the proxies of a {@link ChaosProxyExtension}. */
  public static final class Builder {
    private final List<Declaration> declarations = new ArrayList<>();
    private final List<Declaration.Builder> builders = new ArrayList<>();
    private DataSize memoryBudget;

    /** Each name given so far, with the number of its {@code proxy(..)} call. */
    private final Map<String, Integer> names = new HashMap<>();

    private Builder() {}

    /** A proxy named {@code name} with no upstream yet: the test binds it with {@code retarget}. */
    public Builder proxy(String name) {
      return proxy(name, p -> {});
    }

    /** A proxy named {@code name}, described by {@code spec}. */
    public Builder proxy(String name, Consumer<ProxySpec> spec) {
      Objects.requireNonNull(spec, "spec");
      String source = "ChaosProxyExtension proxy \"" + name + "\"";
      Declaration.Builder d = Declaration.builder(name, source);
      int number = declarations.size() + 1;
      Integer first = names.putIfAbsent(name, number);
      if (first != null) {
        throw new IllegalArgumentException(
            "two proxies are named '"
                + name
                + "' in one ChaosProxyExtension.builder(): proxy #"
                + first
                + " and proxy #"
                + number
                + "; give each a name of its own");
      }
      spec.accept(new ProxySpec(d));
      declarations.add(d.build());
      builders.add(d);
      return this;
    }

    /**
     * The memory budget (see {@link dev.chaosproxy.ChaosEngine.Builder#memoryBudget}) of the engine
     * these proxies run on. A budget is engine-wide, so they run on an engine of their own, shared
     * with every extension of the test run that asks for the same budget (and the run's seed);
     * without it they run on the run's default engine (a quarter of the heap).
     */
    public Builder memoryBudget(DataSize size) {
      Objects.requireNonNull(size, "memoryBudget");
      Declaration.builder("budget", "ChaosProxyExtension.builder().memoryBudget(..)")
          .memoryBudget(size); // checks it
      this.memoryBudget = size;
      return this;
    }

    public ChaosProxyExtension build() {
      if (memoryBudget == null) return new ChaosProxyExtension(List.copyOf(declarations));
      List<Declaration> withBudget = new ArrayList<>();
      for (Declaration.Builder d : builders) withBudget.add(d.memoryBudget(memoryBudget).build());
      return new ChaosProxyExtension(List.copyOf(withBudget));
    }
  }

  /**
   * One proxy of a {@link Builder}: the same choices as {@link ChaosProxy}, and a few more. Each
   * method checks its argument at once and fails with what is wrong.
   */
  public static final class ProxySpec {
    private final Declaration.Builder d;

    private ProxySpec(Declaration.Builder d) {
      this.d = d;
    }

    /**
     * Forwards to {@code host:port}, with {@code ${...}} placeholders as in {@link
     * ChaosProxy#upstream()}.
     */
    public ProxySpec upstream(String hostPort) {
      d.upstream(hostPort);
      return this;
    }

    /**
     * Forwards to what {@code hostPort} returns, asked when the proxy starts and again before the
     * {@code @BeforeEach} methods, after each {@code @BeforeAll} and {@code @BeforeEach} method and
     * as the test method starts, until it returns non-null without throwing; the test fails if it
     * has not by then.
     */
    public ProxySpec upstream(Supplier<String> hostPort) {
      d.upstream(hostPort);
      return this;
    }

    /** Forwards to a Testcontainers container field, as {@link ChaosProxy#container()}. */
    public ProxySpec container(String fieldAndPort) {
      d.container(fieldAndPort);
      return this;
    }

    /** Listens on {@code 127.0.0.1:port}; 0 (the default) picks a free port. */
    public ProxySpec port(int port) {
      d.port(port);
      return this;
    }

    /** Listens on {@code host:port}, e.g. {@code 0.0.0.0:0} for a container to reach the proxy. */
    public ProxySpec listen(String hostPort) {
      d.listen(hostPort);
      return this;
    }

    /** The chaos the proxy starts with, in the words of {@link ChaosProxy#chaos()}. */
    public ProxySpec chaos(String... faults) {
      d.chaos(faults);
      return this;
    }

    /**
     * Chaos as code, applied when the proxy starts (after the {@link #chaos(String...)} ones) and,
     * for a {@code PER_CLASS} proxy, again after each test's reset.
     */
    public ProxySpec chaos(Consumer<? super ProxyControl> setup) {
      d.setup(setup);
      return this;
    }

    /**
     * {@link ChaosProxy.Lifecycle#PER_METHOD} (the default) or {@code PER_CLASS}, with a static
     * field.
     */
    public ProxySpec lifecycle(ChaosProxy.Lifecycle lifecycle) {
      d.lifecycle(lifecycle);
      return this;
    }

    /** Publishes the address as system properties, as {@link ChaosProxy#systemProperties()}. */
    public ProxySpec systemProperties() {
      d.systemProperties(true);
      return this;
    }

    /** This proxy's seed, instead of one derived from the run's seed and the test. */
    public ProxySpec seed(long seed) {
      d.seed(seed);
      return this;
    }

    /** How long connecting to the upstream may take before the client is reset (default 5 s). */
    public ProxySpec connectTimeout(Duration timeout) {
      d.connectTimeout(timeout);
      return this;
    }

    /** Bytes a connection may hold per direction before it stops reading (default 64 KiB). */
    public ProxySpec bufferSize(DataSize size) {
      d.bufferSize(size);
      return this;
    }

    /** An HTTP proxy, as {@link ChaosProxy#protocol()} {@code = HTTP}. */
    public ProxySpec http() {
      d.protocol(dev.chaosproxy.Protocol.HTTP);
      return this;
    }
  }
}
