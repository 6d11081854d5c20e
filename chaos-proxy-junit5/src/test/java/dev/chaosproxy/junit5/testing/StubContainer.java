package dev.chaosproxy.junit5.testing;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.ContainerState;

/**
 * A Testcontainers {@link ContainerState} without Docker: its "mapped ports" are ports of local
 * servers, so the extension's container support is tested against the interface it is written to.
 */
public final class StubContainer implements ContainerState {
  private final Map<Integer, Integer> mapped = new LinkedHashMap<>();
  private volatile boolean running;

  /** A container exposing {@code containerPorts}, not running, with nothing mapped. */
  public StubContainer(Integer... containerPorts) {
    for (Integer p : containerPorts) mapped.put(p, null);
  }

  /** Maps {@code containerPort} to {@code hostPort} (a local server) and starts the container. */
  public synchronized StubContainer start(int containerPort, int hostPort) {
    mapped.put(containerPort, hostPort);
    running = true;
    return this;
  }

  public synchronized StubContainer stop() {
    running = false;
    mapped.replaceAll((k, v) -> null);
    return this;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public String getHost() {
    return "127.0.0.1";
  }

  @Override
  public synchronized List<Integer> getExposedPorts() {
    return List.copyOf(mapped.keySet());
  }

  @Override
  public synchronized Integer getMappedPort(int originalPort) {
    Integer p = running ? mapped.get(originalPort) : null;
    if (p == null)
      throw new IllegalArgumentException("Requested port (" + originalPort + ") is not mapped");
    return p;
  }

  @Override
  public String getContainerId() {
    return running ? "stub" : null;
  }

  @Override
  public InspectContainerResponse getContainerInfo() {
    return null;
  }
}
