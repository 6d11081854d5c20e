package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.junit5.ChaosProxy;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/** Reads {@link ChaosProxy} declarations: direct, repeated, inherited and meta-present. */
final class Annotations {
  private Annotations() {}

  /**
   * The declarations on a test class: its own, its superclasses' and, as JUnit does for
   * {@code @ExtendWith}, its interfaces'; and those of annotations on them.
   */
  static List<Declaration> onClass(Class<?> testClass) {
    List<Declaration> out = new ArrayList<>(read(testClass, "on " + Callbacks.className(testClass), true));
    for (Class<?> i : interfaces(testClass)) {
      for (Declaration d : read(i, "on " + Callbacks.className(i), true)) {
        if (out.stream().noneMatch(o -> o.name.equals(d.name))) out.add(d); // the class's own wins
      }
    }
    return out;
  }

  /** The interfaces {@code c} and its superclasses implement, and theirs, nearest first. */
  private static Set<Class<?>> interfaces(Class<?> c) {
    Set<Class<?>> out = new java.util.LinkedHashSet<>();
    java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>();
    for (Class<?> k = c; k != null; k = k.getSuperclass()) todo.addAll(List.of(k.getInterfaces()));
    while (!todo.isEmpty()) {
      Class<?> i = todo.removeFirst();
      if (out.add(i)) todo.addAll(List.of(i.getInterfaces()));
    }
    return out;
  }

  /** The declarations on a test method. */
  static List<Declaration> onMethod(Method method) {
    return read(method, "on " + Callbacks.className(method.getDeclaringClass()) + "." + method.getName() + "()", false);
  }

  private static List<Declaration> read(AnnotatedElement element, String where, boolean isClass) {
    List<ChaosProxy> found = AnnotationSupport.findRepeatableAnnotations(element, ChaosProxy.class);
    if (found.isEmpty()) return List.of();
    // findRepeatableAnnotations drops equal duplicates; the element's own annotations still show them.
    Set<String> direct = new HashSet<>();
    for (ChaosProxy a : element.getAnnotationsByType(ChaosProxy.class)) {
      if (!direct.add(a.name())) throw twice(a.name(), where);
    }
    List<Declaration> out = new ArrayList<>(found.size());
    Set<String> names = new HashSet<>();
    for (ChaosProxy a : found) {
      String source = "@ChaosProxy(name = \"" + a.name() + "\") " + where;
      if (!names.add(a.name())) throw twice(a.name(), where);
      Declaration.Builder b = Declaration.builder(a.name(), source);
      if (!a.upstream().isEmpty()) b.upstream(a.upstream());
      if (!a.container().isEmpty()) b.container(a.container());
      b.port(a.port()).chaos(a.chaos()).systemProperties(a.systemProperties()).lifecycle(a.lifecycle());
      if (!isClass && a.lifecycle() == ChaosProxy.Lifecycle.PER_CLASS) {
        throw new IllegalArgumentException(source + ": lifecycle = PER_CLASS is for a proxy declared on a class; "
            + "a proxy on a test method lives for that test");
      }
      out.add(b.build());
    }
    return out;
  }

  private static IllegalArgumentException twice(String name, String where) {
    return new IllegalArgumentException("two proxies are named '" + name + "' " + where + "; give each a name of its own");
  }

  /**
   * Fails for {@code @ChaosProxy} on a method of {@code testClass} that is not a test (a
   * {@code @BeforeEach} method, a helper): it would have no effect.
   */
  static void checkNoStrayMethodAnnotations(Class<?> testClass) {
    for (Method m : ReflectionSupport.findMethods(testClass, x -> true, HierarchyTraversalMode.TOP_DOWN)) {
      if (!AnnotationSupport.findRepeatableAnnotations(m, ChaosProxy.class).isEmpty()
          && !AnnotationSupport.isAnnotated(m, Testable.class)) {
        throw new IllegalArgumentException("@ChaosProxy on " + Callbacks.className(m.getDeclaringClass()) + "." + m.getName()
            + "() has no effect: that method is not a test; put it on a test method or on the class");
      }
    }
  }
}
