package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.junit5.ChaosProxies;
import dev.chaosproxy.junit5.ChaosProxy;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
   * {@code @ExtendWith}, its interfaces'; and those of annotations on them. Of several with one
   * name the nearest wins: a class's over its superclass's, any class's over an interface's, a
   * nearer interface's over a farther one's.
   */
  static List<Declaration> onClass(Class<?> testClass) {
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> k = testClass; k != null && k != Object.class; k = k.getSuperclass())
      classes.add(0, k);
    Map<String, Declaration> out = new LinkedHashMap<>();
    for (Class<?> k :
        classes) { // outermost superclass first, so that each subclass replaces what it redeclares
      for (Declaration d : declared(k, "on " + Naming.className(k), true)) out.put(d.name, d);
    }
    for (Class<?> i : interfaces(testClass)) {
      for (Declaration d : declared(i, "on " + Naming.className(i), true))
        out.putIfAbsent(d.name, d);
    }
    return new ArrayList<>(out.values());
  }

  /** The interfaces {@code c} and its superclasses implement, and theirs, nearest first. */
  private static Set<Class<?>> interfaces(Class<?> c) {
    Set<Class<?>> out = new LinkedHashSet<>();
    ArrayDeque<Class<?>> todo = new ArrayDeque<>();
    for (Class<?> k = c; k != null; k = k.getSuperclass()) todo.addAll(List.of(k.getInterfaces()));
    while (!todo.isEmpty()) {
      Class<?> i = todo.removeFirst();
      if (out.add(i)) todo.addAll(List.of(i.getInterfaces()));
    }
    return out;
  }

  /** The declarations on a test method. */
  static List<Declaration> onMethod(Method method) {
    return declared(
        method,
        "on " + Naming.className(method.getDeclaringClass()) + "." + method.getName() + "()",
        false);
  }

  /**
   * The declarations on {@code element} itself, not inherited: directly present, in a {@link
   * ChaosProxies} container, or meta-present through an annotation on it. Two with one name there
   * fail, naming both.
   */
  private static List<Declaration> declared(
      AnnotatedElement element, String where, boolean isClass) {
    Map<String, Declaration> out = new LinkedHashMap<>();
    for (Annotation a : element.getDeclaredAnnotations()) {
      String via = "";
      List<ChaosProxy> found;
      if (a instanceof ChaosProxy) {
        found = List.of((ChaosProxy) a);
      } else if (a instanceof ChaosProxies) {
        found = List.of(((ChaosProxies) a).value());
      } else if (a.annotationType().getName().startsWith("java.lang.annotation.")) {
        continue;
      } else {
        found = AnnotationSupport.findRepeatableAnnotations(a.annotationType(), ChaosProxy.class);
        via = " via @" + Naming.className(a.annotationType());
      }
      for (ChaosProxy p : found) {
        Declaration d =
            declaration(p, "@ChaosProxy(name = \"" + p.name() + "\")" + via + " " + where, isClass);
        Declaration other = out.putIfAbsent(d.name, d);
        if (other != null) {
          String first = describe(other, where);
          String second = describe(d, where);
          throw new IllegalArgumentException(
              "two proxies are named '"
                  + d.name
                  + "' "
                  + where
                  + ": "
                  + (first.equals(second) ? first + " twice" : first + " and " + second)
                  + "; give each a name of its own");
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  /**
   * A declaration's source without the element both share: {@code @ChaosProxy(name = "db")
   * via @SlowDatabase}.
   */
  private static String describe(Declaration d, String where) {
    return d.source.endsWith(" " + where)
        ? d.source.substring(0, d.source.length() - where.length() - 1)
        : d.source;
  }

  private static Declaration declaration(ChaosProxy a, String source, boolean isClass) {
    Declaration.Builder b = Declaration.builder(a.name(), source);
    if (!a.upstream().isEmpty()) b.upstream(a.upstream());
    if (!a.container().isEmpty()) b.container(a.container());
    b.port(a.port())
        .protocol(a.protocol())
        .chaos(a.chaos())
        .systemProperties(a.systemProperties())
        .lifecycle(a.lifecycle());
    if (!isClass && a.lifecycle() == ChaosProxy.Lifecycle.PER_CLASS) {
      throw new IllegalArgumentException(
          source
              + ": lifecycle = PER_CLASS is for a proxy declared on a class; "
              + "a proxy on a test method lives for that test");
    }
    return b.build();
  }

  /**
   * Fails for {@code @ChaosProxy} on a method of {@code testClass} that is not a test (a
   * {@code @BeforeEach} method, a helper): it would have no effect.
   */
  static void checkNoStrayMethodAnnotations(Class<?> testClass) {
    for (Method m :
        ReflectionSupport.findMethods(testClass, x -> true, HierarchyTraversalMode.TOP_DOWN)) {
      if (!AnnotationSupport.findRepeatableAnnotations(m, ChaosProxy.class).isEmpty()
          && !AnnotationSupport.isAnnotated(m, Testable.class)) {
        throw new IllegalArgumentException(
            "@ChaosProxy on "
                + Naming.className(m.getDeclaringClass())
                + "."
                + m.getName()
                + "() has no effect: that method is not a test; put it on a test method or on the class");
      }
    }
  }
}
