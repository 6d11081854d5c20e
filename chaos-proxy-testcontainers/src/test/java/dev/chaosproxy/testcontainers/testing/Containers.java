package dev.chaosproxy.testcontainers.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.rnorth.ducttape.ratelimits.RateLimiterBuilder;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;

/**
 * Starting containers quickly and timing it. Testcontainers' HTTP wait and one-shot startup check
 * poll once a second, which puts most of a second on every start; these poll 20 times a second or
 * wait for the engine's exit event instead.
 */
public final class Containers {
  private Containers() {}

  /** Starts {@code container} (through its wait strategy) and returns how long that took. */
  public static Duration start(GenericContainer<?> container) {
    long start = System.nanoTime();
    container.start();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.printf(
        "[startup] %s: start() took %d ms%n", container.getDockerImageName(), took.toMillis());
    return took;
  }

  /** Ready once {@code GET path} on {@code port} answers 200, asked every 50 ms. */
  public static WaitStrategy httpOk(String path, int port) {
    return Wait.forHttp(path)
        .forPort(port)
        .forStatusCode(200)
        .withRateLimiter(
            RateLimiterBuilder.newBuilder()
                .withRate(20, TimeUnit.SECONDS)
                .withConstantThroughput()
                .build());
  }

  /** A startup check for a container that runs one command: started once it exited with 0. */
  public static StartupCheckStrategy exitsZero(Duration timeout) {
    return new ExitsZero(timeout);
  }

  private static final class ExitsZero extends StartupCheckStrategy {
    private final Duration timeout;

    ExitsZero(Duration timeout) {
      this.timeout = timeout;
    }

    @Override
    public boolean waitUntilStartupSuccessful(DockerClient client, String containerId) {
      Integer status =
          client
              .waitContainerCmd(containerId)
              .start()
              .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return status != null && status == 0;
    }

    @Override
    public StartupStatus checkStartupState(DockerClient client, String containerId) {
      InspectContainerResponse.ContainerState state = getCurrentState(client, containerId);
      if (Boolean.TRUE.equals(state.getRunning())) return StartupStatus.NOT_YET_KNOWN;
      Long exitCode = state.getExitCodeLong();
      return exitCode != null && exitCode == 0 ? StartupStatus.SUCCESSFUL : StartupStatus.FAILED;
    }
  }
}
