package dev.chaosproxy.testcontainers.testing;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;

/** Starting containers with the time it took, printed so runs can be compared. */
public final class Containers {
  private Containers() {}

  /** Starts {@code container} (through its wait strategy) and returns how long that took. */
  public static Duration start(GenericContainer<?> container) {
    long start = System.nanoTime();
    container.start();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.printf("[startup] %s: start() took %d ms%n", container.getDockerImageName(),
        took.toMillis());
    return took;
  }
}
