package dev.chaosproxy.junit5.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstances;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Finds the {@code @RegisterExtension} field that holds an extension, to name it in its
 * declarations' messages.
 */
public final class ExtensionFields {
  private ExtensionFields() {}

  /**
   * {@code programmatic}, each source naming the {@code @RegisterExtension} field that holds {@code
   * extension} (in the test class or an enclosing one), or as it is when no field does.
   */
  public static List<Declaration> locate(
      Object extension, List<Declaration> programmatic, ExtensionContext context) {
    List<Object> instances =
        context.getTestInstances().map(TestInstances::getAllInstances).orElse(List.of());
    for (ExtensionContext c : Scopes.classContexts(context)) {
      for (Field f :
          ReflectionSupport.findFields(
              c.getRequiredTestClass(),
              x -> x.getType().isInstance(extension),
              HierarchyTraversalMode.TOP_DOWN)) {
        if (holds(f, extension, instances)) {
          String where = "in field " + Naming.className(f.getDeclaringClass()) + "." + f.getName();
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
}
