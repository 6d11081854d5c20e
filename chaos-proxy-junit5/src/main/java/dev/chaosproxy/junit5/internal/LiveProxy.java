package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Schedule;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.ProxyHandle;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A started proxy: its declaration, its handles, and whether its upstream is bound yet. */
final class LiveProxy {
  final Declaration declaration;

  /** The engine's handle, under the engine-wide unique name. */
  final ProxyControl engineProxy;

  /** The handle tests receive, under the declared name. */
  /** What the test receives: the engine proxy under the declared name. */
  final ProxyControl handle;

  /** The test or class it belongs to, for messages: {@code FooTest.bar()}. */
  final String owner;

  SystemProperties published;

  /** Events a failure note shows at most, the latest. */
  static final int EVENTS_SHOWN = 20;

  /** Why the declared upstream is not bound yet, or null when it is (or none was declared). */
  private String pending;

  private Throwable pendingCause;

  /**
   * The upstream a PER_CLASS proxy goes back to after each test: the one it had as the test began
   * (declared, bound by the extension, or set by a {@code @BeforeAll} method), or null while it has
   * none.
   */
  private String baseline;

  LiveProxy(Declaration declaration, ProxyControl engineProxy, String owner, Resolved upstream) {
    this.declaration = declaration;
    this.engineProxy = engineProxy;
    this.handle = ((ProxyHandle) engineProxy).named(declaration.name);
    this.owner = owner;
    this.baseline = upstream.hostPort();
    this.pending = upstream.why();
    this.pendingCause = upstream.cause();
  }

  String name() {
    return declaration.name;
  }

  /** Tries to bind a pending upstream now; a value that is known and wrong fails. */
  synchronized void tryBind(ExtensionContext context, Placeholders placeholders) {
    if (pending == null || adoptRetarget()) return;
    Resolved upstream;
    try {
      upstream = declaration.upstream.resolve(context, placeholders);
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(declaration.source + ": " + e.getMessage(), e);
    }
    if (upstream.isPending()) {
      pending = upstream.why();
      pendingCause = upstream.cause();
      return;
    }
    String hostPort = upstream.hostPort();
    engineProxy.retarget(hostPort);
    baseline = hostPort;
    pending = null;
    pendingCause = null;
  }

  /**
   * Whether the test code bound a pending proxy itself ({@code retarget} in a lifecycle method):
   * then its upstream is the one the test chose, and the declared one is no longer waited for.
   */
  private boolean adoptRetarget() {
    String target = engineProxy.target();
    if (target == null) return false;
    baseline = target;
    pending = null;
    pendingCause = null;
    return true;
  }

  /**
   * Records the upstream a PER_CLASS proxy has as a test takes its turn: the one to restore after
   * it.
   */
  synchronized void beginTest() {
    if (pending != null && !adoptRetarget()) return;
    String target = engineProxy.target();
    if (target != null) baseline = target;
  }

  /**
   * Why the upstream is still unbound, or null (also once the test code bound it with {@code
   * retarget}).
   */
  synchronized String pending() {
    if (pending != null) adoptRetarget();
    return pending;
  }

  synchronized Throwable pendingCause() {
    if (pending != null) adoptRetarget();
    return pendingCause;
  }

  /**
   * Puts a PER_CLASS proxy back after a test: declared chaos and up or down, the upstream it had as
   * the test began, no events (so that the next test's {@code events()} and failure note are its
   * own).
   */
  void restore() {
    engineProxy.reset();
    ((ProxyHandle) engineProxy).local().timeline().clear();
    String b;
    synchronized (this) {
      b = baseline;
    }
    if (b != null && !b.equals(engineProxy.target())) engineProxy.retarget(b);
    applyDeclaredChaos(false);
  }

  /** The declared chaos beyond the initial toxics (given at start) or with them (after a reset). */
  void applyDeclaredChaos(boolean started) {
    if (!started) {
      for (Toxic t : declaration.toxics) engineProxy.put(t);
    }
    if (declaration.down) engineProxy.down();
    for (Schedule s : declaration.schedules) engineProxy.schedule(s);
    if (declaration.setup != null) declaration.setup.accept(handle);
  }

  /**
   * One line for failure notes: {@code db 127.0.0.1:40123 -> localhost:5432 [latency_upstream]}.
   */
  String describe() {
    StringBuilder s =
        new StringBuilder(declaration.name)
            .append(' ')
            .append(engineProxy.host())
            .append(':')
            .append(engineProxy.port())
            .append(" -> ")
            .append(engineProxy.target() == null ? "(no upstream)" : engineProxy.target());
    if (!engineProxy.enabled()) s.append(" (down)");
    try {
      var toxics = engineProxy.toxics();
      if (!toxics.isEmpty()) {
        s.append(' ')
            .append(
                toxics.stream()
                    .map(Toxic::toString)
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]")));
      }
    } catch (IllegalStateException closed) {
      s.append(" (closed)");
    }
    s.append(", seed ").append(engineProxy.seed());
    try {
      for (dev.chaosproxy.ScheduleControl sc : engineProxy.schedules()) {
        dev.chaosproxy.ScheduleState st = sc.state();
        s.append("; schedule '")
            .append(st.name())
            .append("' ")
            .append(st.status().wireName())
            .append(" at step ")
            .append(st.step())
            .append(" of pass ")
            .append(st.iteration());
      }
    } catch (IllegalStateException | UnsupportedOperationException gone) {
      // closed
    }
    try {
      List<ChaosEvent> events = engineProxy.events();
      if (events.isEmpty()) {
        s.append("; no toxic fired");
      } else {
        s.append("; fired:");
        if (events.size() > EVENTS_SHOWN) {
          s.append("\n    (").append(events.size() - EVENTS_SHOWN).append(" earlier)");
          events = events.subList(events.size() - EVENTS_SHOWN, events.size());
        }
        for (ChaosEvent e : events) s.append("\n    ").append(e);
      }
    } catch (IllegalStateException | UnsupportedOperationException gone) {
      // a closed proxy, or a remote one that cannot answer: the rest of the note still helps
    }
    return s.toString();
  }

  void close() {
    try {
      engineProxy.close();
    } finally {
      if (published != null) published.close();
    }
  }
}
