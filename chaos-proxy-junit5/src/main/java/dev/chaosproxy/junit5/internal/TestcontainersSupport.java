package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.internal.HostPort;
import java.util.List;
import java.util.stream.Collectors;
import org.testcontainers.containers.ContainerState;

/** The only class that links against Testcontainers; loaded only when it is on the classpath. */
final class TestcontainersSupport {
  private TestcontainersSupport() {}

  /** Whether fields of this declared type are containers. */
  static boolean isContainerType(Class<?> type) {
    return ContainerState.class.isAssignableFrom(type);
  }

  /**
   * Whether a field of this declared type may hold a container (an {@code Object} or {@code
   * Startable} field may).
   */
  static boolean mayHoldContainer(Class<?> type) {
    return isContainerType(type) || type.isAssignableFrom(ContainerState.class);
  }

  /**
   * The container's host and the port mapped to {@code containerPort} (-1: its only exposed port);
   * pending while it is not running.
   */
  static Resolved hostPort(Object value, String field, int containerPort, String where) {
    if (!(value instanceof ContainerState)) {
      throw new IllegalArgumentException(
          where
              + " holds a "
              + value.getClass().getName()
              + ", not a Testcontainers container (ContainerState)");
    }
    ContainerState c = (ContainerState) value;
    if (!c.isRunning()) {
      return Resolved.pending(
          where
              + " ("
              + value.getClass().getSimpleName()
              + ") is not running; let Testcontainers start it "
              + "(@Testcontainers on the class, @Container on the field) or start it in @BeforeAll",
          null);
    }
    int port = containerPort;
    List<Integer> exposed = c.getExposedPorts();
    if (port < 0) {
      if (exposed == null || exposed.size() != 1) {
        throw new IllegalArgumentException(
            where
                + " exposes "
                + describe(exposed)
                + "; name the container port, like "
                + "container = \""
                + field
                + ":"
                + (exposed == null || exposed.isEmpty() ? "5432" : exposed.get(0))
                + "\"");
      }
      port = exposed.get(0);
    }
    Integer mapped;
    try {
      mapped = c.getMappedPort(port);
    } catch (RuntimeException e) {
      throw noMappedPort(where, port, exposed, ": " + e.getMessage(), e);
    }
    if (mapped == null) {
      throw noMappedPort(where, port, exposed, "", null);
    }
    return Resolved.known(HostPort.format(c.getHost(), mapped));
  }

  private static IllegalArgumentException noMappedPort(
      String where, int port, List<Integer> exposed, String detail, Throwable cause) {
    return new IllegalArgumentException(
        where
            + " has no mapped port for container port "
            + port
            + " (it exposes "
            + describe(exposed)
            + ")"
            + detail,
        cause);
  }

  private static String describe(List<Integer> ports) {
    if (ports == null || ports.isEmpty()) return "no ports";
    return "ports " + ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
