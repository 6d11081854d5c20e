package dev.chaosproxy.junit5.internal;

import java.lang.reflect.Method;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;

/** How test classes, tests and their proxies are named in messages and on the engine. */
final class Naming {
  private static final Pattern INVOCATION =
      Pattern.compile("\\[test-template-invocation:#(\\d+)]$");
  private static final Pattern ENGINE_NAME_UNSAFE = Pattern.compile("[^A-Za-z0-9._:-]");
  private static final int ENGINE_NAME_BASE_MAX = 120;

  private Naming() {}

  /**
   * {@code FooTest}, {@code Outer.Inner} or {@code FooTest.bar()} (with {@code [3]} for the third
   * invocation).
   */
  static String describe(ExtensionContext context) {
    Object element = context.getElement().orElse(null);
    if (element instanceof Class) return className((Class<?>) element);
    String cls = context.getTestClass().map(Naming::className).orElse("?");
    String method = context.getTestMethod().map(Method::getName).orElse(context.getDisplayName());
    Matcher m = INVOCATION.matcher(context.getUniqueId());
    return cls + "." + method + "()" + (m.find() ? " [" + m.group(1) + "]" : "");
  }

  /**
   * The engine's name for a context's proxies: {@code FooTest} or {@code FooTest.bar}, with an
   * invocation index.
   */
  static String engineSuffix(ExtensionContext context) {
    Object element = context.getElement().orElse(null);
    String cls = context.getTestClass().map(Naming::className).orElse("test");
    String s;
    if (element instanceof Class) {
      s = cls;
    } else {
      Matcher m = INVOCATION.matcher(context.getUniqueId());
      s =
          cls
              + "."
              + context.getTestMethod().map(Method::getName).orElse("test")
              + (m.find() ? "-" + m.group(1) : "");
    }
    return ENGINE_NAME_UNSAFE.matcher(s).replaceAll("_");
  }

  /**
   * The engine-wide name of proxy {@code name} in a scope on its {@code attempt}th try (from 1):
   * {@code name:FooTest.bar}, cut to 120 characters, then {@code -2}, {@code -3} when taken.
   */
  static String engineName(String name, String engineSuffix, int attempt) {
    String base = name + ":" + engineSuffix;
    if (base.length() > ENGINE_NAME_BASE_MAX) base = base.substring(0, ENGINE_NAME_BASE_MAX);
    return attempt == 1 ? base : base + "-" + attempt;
  }

  /** {@code FooTest} or {@code Outer.Inner}: the simple name with its enclosing classes. */
  static String className(Class<?> c) {
    String n = c.getName();
    int dot = n.lastIndexOf('.');
    return n.substring(dot + 1).replace('$', '.');
  }
}
