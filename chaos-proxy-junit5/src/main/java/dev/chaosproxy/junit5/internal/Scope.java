package dev.chaosproxy.junit5.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The proxies of one extension context (a test class, or one test), in that context's store: JUnit
 * closes it when the context ends, which closes its proxies, restores system properties and, for a
 * test, hands the class's shared proxies to the next test.
 */
final class Scope implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  final String uniqueId;

  /** {@code FooTest} or {@code FooTest.bar()}, for messages. */
  final String description;

  /** The engine's name for this scope's proxies: {@code FooTest.bar}, with an invocation index. */
  final String engineSuffix;

  final boolean isClass;
  final List<LiveProxy> proxies = new CopyOnWriteArrayList<>();

  /** Whether this context's annotations were started (by the first extension instance there). */
  final AtomicBoolean annotationsStarted = new AtomicBoolean();

  /** Whether the PER_CLASS proxies of the chain were restored after this test. */
  final AtomicBoolean restored = new AtomicBoolean();

  /** Extension instances whose PER_CLASS proxies this class scope holds. */
  final Set<Object> extensionsStarted =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  /** A class's declarations (parsed once). */
  volatile List<Declaration> classDeclarations;

  /** A class scope's PER_CLASS proxies serve one test at a time. */
  private final Semaphore turn = new Semaphore(1, true);

  /** The class scopes whose turn this test holds. */
  private final List<Scope> turnsHeld = new ArrayList<>();

  private final AtomicBoolean closed = new AtomicBoolean();

  Scope(String uniqueId, String description, String engineSuffix, boolean isClass) {
    this.uniqueId = uniqueId;
    this.description = description;
    this.engineSuffix = engineSuffix;
    this.isClass = isClass;
  }

  /**
   * Waits for {@code classScope}'s shared proxies to be free and holds them until this test ends.
   */
  void takeTurn(Scope classScope) throws InterruptedException {
    Semaphore s = classScope.turn;
    if (!s.tryAcquire()) {
      ForkJoinPool.managedBlock(
          new ForkJoinPool.ManagedBlocker() {
            private boolean acquired;

            @Override
            public boolean block() throws InterruptedException {
              if (!acquired) s.acquire();
              acquired = true;
              return true;
            }

            @Override
            public boolean isReleasable() {
              return acquired || (acquired = s.tryAcquire());
            }
          });
    }
    synchronized (turnsHeld) {
      turnsHeld.add(classScope);
    }
  }

  /** The class scopes whose turn this test holds, outermost first. */
  List<Scope> turnsHeld() {
    synchronized (turnsHeld) {
      return List.copyOf(turnsHeld);
    }
  }

  LiveProxy find(String name) {
    for (LiveProxy p : proxies) {
      if (p.name().equals(name)) return p;
    }
    return null;
  }

  /**
   * Closes the proxies (last started first), restores system properties, releases turns.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    RuntimeException failure = null;
    List<LiveProxy> list = new ArrayList<>(proxies);
    Collections.reverse(list);
    for (LiveProxy p : list) {
      try {
        p.close();
      } catch (RuntimeException e) {
        if (failure == null) failure = e;
        else failure.addSuppressed(e);
      }
    }
    synchronized (turnsHeld) {
      for (int i = turnsHeld.size() - 1; i >= 0; i--) turnsHeld.get(i).turn.release();
      turnsHeld.clear();
    }
    if (failure != null) throw failure;
  }

  @Override
  public String toString() {
    return description;
  }
}
