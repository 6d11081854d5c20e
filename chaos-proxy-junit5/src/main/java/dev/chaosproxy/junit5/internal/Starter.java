package dev.chaosproxy.junit5.internal;

import static dev.chaosproxy.junit5.internal.Scopes.chain;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ProxyBuilder;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.junit5.ChaosProxy.Lifecycle;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts declared proxies on the engine in a scope, and binds upstreams that become known later.
 */
final class Starter {
  private Starter() {}

  /**
   * Starts {@code d} in {@code scope}; throws IllegalArgumentException, its message naming the
   * declaration.
   */
  static void start(Declaration d, Scope scope, ExtensionContext context) {
    for (Scope s : chain(context)) {
      LiveProxy other = s.find(d.name);
      if (other != null) {
        throw new IllegalArgumentException(
            "two proxies are named '"
                + d.name
                + "' in "
                + scope.description
                + ": "
                + other.declaration.source
                + " and "
                + d.source
                + "; give each a name of its own");
      }
    }
    if (d.lifecycle == Lifecycle.PER_CLASS) {
      try {
        d.upstream.perClassCompatible(context);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(d.source + ": " + e.getMessage(), e);
      }
    }
    EngineResource engine = Scopes.engine(context, d.memoryBudget);
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
    if (d.systemProperties)
      live.published =
          SystemProperties.publish(d.name, proxy.host(), proxy.port(), scope.description);
  }

  private static ProxyControl startUnique(
      ChaosEngine engine, Declaration d, Scope scope, String upstream, long seed) {
    String listen = HostPort.format(d.listenHost, d.listenPort);
    for (int attempt = 1; ; attempt++) {
      String name = Naming.engineName(d.name, scope.engineSuffix, attempt);
      if (engine.proxy(name).isPresent()) continue;
      ProxyBuilder b = engine.newProxy(name).listen(listen).seed(seed).protocol(d.protocol);
      if (upstream != null) b.upstream(upstream);
      for (Toxic t : d.toxics) b.toxic(t);
      if (d.connectTimeout != null) b.connectTimeout(d.connectTimeout);
      if (d.bufferSize != null) b.bufferSize(d.bufferSize);
      try {
        return b.start();
      } catch (UncheckedIOException e) {
        throw new IllegalArgumentException(
            d.source
                + ": cannot listen on "
                + listen
                + " for "
                + scope.description
                + ": "
                + e.getMessage()
                + (d.listenPort != 0
                    ? "; a fixed port is shared by every test that runs at the same time, so "
                        + "leave port at 0 (a free port) unless something outside the test needs this one"
                    : ""),
            e);
      } catch (IllegalArgumentException e) {
        if (engine.proxy(name).isPresent())
          continue; // a test running beside this one took the name first
        throw new IllegalArgumentException(d.source + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Binds the proxies in {@code context}'s chain whose upstream has become known since they
   * started.
   */
  static void bindPending(ExtensionContext context) {
    Placeholders placeholders = null;
    for (Scope s : chain(context)) {
      for (LiveProxy p : s.proxies) {
        if (p.pending() == null) continue;
        if (placeholders == null) placeholders = placeholders(context);
        p.tryBind(context, placeholders);
      }
    }
  }

  private static Placeholders placeholders(ExtensionContext context) {
    return new Placeholders(
        System::getProperty, context::getConfigurationParameter, System.getenv());
  }
}
