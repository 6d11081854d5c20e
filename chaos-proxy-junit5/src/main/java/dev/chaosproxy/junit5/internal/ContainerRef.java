package dev.chaosproxy.junit5.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code container = "field"} or {@code "field:containerPort"}: a Testcontainers container held by
 * a field of the test class, its superclasses or enclosing classes. Testcontainers is optional:
 * only {@link TestcontainersSupport} links against it, and it is loaded only when present.
 */
final class ContainerRef {
  private static final Pattern SPEC = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*)(?::(\\d+))?");
  static final String CONTAINER_STATE = "org.testcontainers.containers.ContainerState";

  final String field;

  /** The container port to map, or -1 for the container's only exposed port. */
  final int port;

  private ContainerRef(String field, int port) {
    this.field = field;
    this.port = port;
  }

  static ContainerRef parse(String spec) {
    Matcher m = SPEC.matcher(spec == null ? "" : spec.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "container '"
              + spec
              + "' is not a field name with an optional container port; "
              + "write container = \"postgres\" or container = \"postgres:5432\"");
    }
    int port = -1;
    if (m.group(2) != null) {
      port = Integer.parseInt(m.group(2));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "container '" + spec + "': the container port must be between 1 and 65535");
      }
    }
    return new ContainerRef(m.group(1), port);
  }

  /** Whether Testcontainers is on the classpath the extension was loaded from. */
  static boolean testcontainersPresent() {
    try {
      Class.forName(CONTAINER_STATE, false, ContainerRef.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  Resolved resolve(ExtensionContext context) {
    requireTestcontainers();
    Field f = find(context.getRequiredTestClass());
    Object holder = null;
    if (!Modifier.isStatic(f.getModifiers())) {
      holder =
          context
              .getTestInstances()
              .flatMap(
                  ti ->
                      ti.getAllInstances().stream()
                          .filter(f.getDeclaringClass()::isInstance)
                          .findFirst())
              .orElse(null);
      if (holder == null) {
        return Resolved.pending(
            "field '" + field + "' is an instance field and there is no test instance yet", null);
      }
    }
    Object value;
    try {
      f.setAccessible(true);
      value = f.get(holder);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot read field '" + field + "' of " + f.getDeclaringClass().getName() + ": " + e, e);
    }
    String where = "container field '" + field + "' of " + f.getDeclaringClass().getSimpleName();
    if (value == null) return Resolved.pending(where + " is null", null);
    return TestcontainersSupport.hostPort(value, field, port, where);
  }

  /** Checks, for a proxy that lives for the whole class, that the field lives as long. */
  void checkPerClass(ExtensionContext classContext) {
    requireTestcontainers();
    Field f = find(classContext.getRequiredTestClass());
    boolean perClassInstance =
        classContext.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
            == TestInstance.Lifecycle.PER_CLASS;
    if (!Modifier.isStatic(f.getModifiers()) && !perClassInstance) {
      throw new IllegalArgumentException(
          "container field '"
              + field
              + "' is an instance field, so each test has its own "
              + "container, but the proxy lives for the whole class; make the field static, or the proxy PER_METHOD");
    }
  }

  private void requireTestcontainers() {
    if (!testcontainersPresent()) {
      throw new IllegalArgumentException(
          "container = \""
              + this
              + "\" needs Testcontainers (org.testcontainers:testcontainers) "
              + "on the test classpath, and it is not there; add it, or give the proxy an upstream instead");
    }
  }

  private Field find(Class<?> testClass) {
    List<Field> containers = new ArrayList<>();
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
        for (Field f : k.getDeclaredFields()) {
          if (f.getName().equals(field)) {
            if (!TestcontainersSupport.mayHoldContainer(f.getType())) {
              throw new IllegalArgumentException(
                  "field '"
                      + field
                      + "' of "
                      + k.getSimpleName()
                      + " is a "
                      + f.getType().getSimpleName()
                      + ", not a Testcontainers container (ContainerState)");
            }
            return f;
          }
          if (TestcontainersSupport.isContainerType(f.getType())) containers.add(f);
        }
      }
    }
    throw new IllegalArgumentException(
        "no field '"
            + field
            + "' in "
            + testClass.getSimpleName()
            + ", its superclasses or enclosing classes; "
            + (containers.isEmpty()
                ? "it has no container fields"
                : "container fields: "
                    + containers.stream()
                        .map(Field::getName)
                        .distinct()
                        .collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return port < 0 ? field : field + ":" + port;
  }
}
