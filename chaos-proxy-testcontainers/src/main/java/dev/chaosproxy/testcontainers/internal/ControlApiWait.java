package dev.chaosproxy.testcontainers.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Ready once chaos-proxy's control API answers {@code GET /version}, asked every 25 ms
 * (Testcontainers' HTTP wait asks once a second, which adds most of a second to every start). Fails
 * at once, with the end of the container's log, when the container exits, when the API refuses the
 * token, or when something other than chaos-proxy answers. Kept over {@code
 * HttpWaitStrategy.forResponsePredicate(..)} with a rate limiter, which starts as fast but waits
 * out its timeout in each of those cases (DEVELOPERS.md, "Docker-backed tests").
 */
public final class ControlApiWait extends AbstractWaitStrategy {
  private static final long POLL_NANOS = 25_000_000;

  /**
   * Inspecting the container costs a Docker API call: only this often, and only while the API does
   * not answer.
   */
  private static final long RUNNING_CHECK_NANOS = 250_000_000;

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  private final int controlPort;
  private final Supplier<String> token;

  /**
   * Waits for the API on the container's {@code controlPort}, sending {@code token.get()} when not
   * null.
   */
  public ControlApiWait(int controlPort, Supplier<String> token) {
    this.controlPort = controlPort;
    this.token = token;
    this.startupTimeout = Duration.ofSeconds(60);
  }

  @Override
  protected void waitUntilReady() {
    long start = System.nanoTime();
    long deadline = start + startupTimeout.toNanos();
    long nextRunningCheck = start;
    ControlClient client = null;
    String last = "no answer yet";
    while (true) {
      if (client == null) {
        try {
          client =
              new ControlClient(
                  waitStrategyTarget.getHost(),
                  waitStrategyTarget.getMappedPort(controlPort),
                  token.get());
        } catch (IllegalArgumentException notMappedYet) {
          last = notMappedYet.getMessage();
        }
      }
      if (client != null) {
        ControlClient.Probe p = client.probe("version", PROBE_TIMEOUT);
        if (p.status() == 200) {
          if (p.body().contains("\"chaos-proxy\"")) return;
          throw fail(
              "something other than chaos-proxy answers GET /version on port "
                  + controlPort
                  + ": "
                  + abbreviate(p.body())
                  + "; ChaosProxyContainer needs a chaos-proxy image (for Toxiproxy's image use Testcontainers' ToxiproxyContainer)");
        }
        if (p.status() == 401) {
          throw fail(
              "the control API wants another bearer token (401: "
                  + ControlClient.errorMessage(p.body(), 401)
                  + "); give the container's token with withApiToken(..) and nowhere else");
        }
        last = p.status() < 0 ? p.failure() : "HTTP " + p.status() + ": " + abbreviate(p.body());
      }
      long now = System.nanoTime();
      if (now - nextRunningCheck >= 0) {
        if (!waitStrategyTarget.isRunning()) {
          throw stoppedEarly(exitCode(), logTail(waitStrategyTarget.getLogs()), null);
        }
        nextRunningCheck = now + RUNNING_CHECK_NANOS;
      }
      if (now - deadline >= 0) {
        throw fail(
            "chaos-proxy's control API (container port "
                + controlPort
                + ") did not answer GET /version within "
                + startupTimeout.toMillis()
                + " ms; last: "
                + last);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private Object exitCode() {
    try {
      return waitStrategyTarget.getCurrentContainerInfo().getState().getExitCodeLong();
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  private ContainerLaunchException fail(String why) {
    String log;
    try {
      log = logTail(waitStrategyTarget.getLogs());
    } catch (RuntimeException e) {
      log = "  (cannot read it: " + e.getMessage() + ")";
    }
    return new ContainerLaunchException(why + "; the container's log ends with:\n" + log);
  }

  /**
   * What a start fails with when the container exits before the API answers (bad JVM options, a bad
   * flag): its exit code and the end of its log; {@code cause} is what noticed it, or null.
   */
  public static ContainerLaunchException stoppedEarly(
      Object exitCode, String logTail, Throwable cause) {
    return new ContainerLaunchException(
        "the chaos-proxy container stopped before its control API answered (exit code "
            + exitCode
            + "); the container's log ends with:\n"
            + logTail,
        cause);
  }

  /** The last 20 lines of {@code log}, indented. */
  public static String logTail(String log) {
    List<String> lines = log.lines().toList();
    List<String> tail = lines.subList(Math.max(0, lines.size() - 20), lines.size());
    return tail.isEmpty() ? "  (nothing)" : "  " + String.join("\n  ", tail);
  }

  private static String abbreviate(String text) {
    String t = text.strip();
    return t.length() <= 200 ? t : t.substring(0, 200) + "...";
  }
}
