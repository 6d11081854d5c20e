package dev.chaosproxy.bench;

import dev.chaosproxy.testcontainers.ChaosProxyContainer;
import dev.chaosproxy.testcontainers.internal.ControlApiWait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.rnorth.ducttape.ratelimits.RateLimiterBuilder;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.HttpWaitStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Issue 13: {@code ChaosProxyContainer}'s own wait ({@code ControlApiWait}, {@code GET /version}
 * every 25 ms, fails fast) beside Testcontainers' {@code HttpWaitStrategy.forResponsePredicate(..)}
 * with a 25 ms rate limiter, and with its default one (once a second): {@code start()} to return
 * over alternating starts, then what each does with a container that exits, a 401 and an image that
 * is not chaos-proxy.
 *
 * <pre>
 * WaitStrategyBench [--runs N] [--fail-timeout SECONDS]
 * </pre>
 */
public final class WaitStrategyBench {
  private WaitStrategyBench() {}

  private static final int API = ChaosProxyContainer.CONTROL_PORT;

  public static void main(String[] args) throws Exception {
    int runs = 10;
    int failTimeout = 15;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--fail-timeout" -> failTimeout = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: WaitStrategyBench [--runs N] [--fail-timeout SECONDS]");
          System.exit(2);
        }
      }
    }
    DockerImageName image =
        DockerImageName.parse(
            ContainerStartupBench.builtImage("chaos-proxy", "chaos-proxy:latest"));
    String nativeRef = ContainerStartupBench.builtImage("native", null);

    List<Variant> variants =
        List.of(
            new Variant(
                "ControlApiWait (ChaosProxyContainer's, 25 ms)",
                () -> new ChaosProxyContainer(image).withReservedPorts(0)),
            new Variant(
                "HttpWaitStrategy.forResponsePredicate, rate limiter 25 ms",
                () -> new ChaosProxyContainer(image).withReservedPorts(0).waitingFor(http(40))),
            new Variant(
                "HttpWaitStrategy.forResponsePredicate, default rate (1/s)",
                () -> new ChaosProxyContainer(image).withReservedPorts(0).waitingFor(http(0))));
    List<Variant> order = new ArrayList<>(variants);
    for (int i = -1; i < runs; i++) {
      if (i > 0) Collections.reverse(order);
      for (Variant v : order) {
        GenericContainer<?> c = v.container.get();
        long t0 = System.nanoTime();
        c.start();
        long t1 = System.nanoTime();
        c.stop();
        if (i >= 0) v.starts.add(t1 - t0);
        System.err.printf(
            "  %s %s: %d ms%n",
            i < 0 ? "warm-up" : "run " + (i + 1), v.what, (t1 - t0) / 1_000_000);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("load average ")
        .append(ContainerStartupBench.load())
        .append(", ")
        .append(runs)
        .append(" runs each\n\n");
    out.append("| wait | start() → return, median (min–max) |\n|---|---:|\n");
    for (Variant v : variants) {
      long[] s = v.starts.stream().mapToLong(Long::longValue).toArray();
      out.append("| ")
          .append(v.what)
          .append(" | ")
          .append(ms(Stats.median(s)))
          .append(" ms (")
          .append(ms(Stats.percentile(s, 0)))
          .append("–")
          .append(ms(Stats.percentile(s, 100)))
          .append(") |\n");
    }

    Duration timeout = Duration.ofSeconds(failTimeout);
    out.append("\nFailures (startup timeout ")
        .append(failTimeout)
        .append(" s for both):\n\n| case | wait | fails after | message |\n|---|---|---:|---|\n");
    List<Failure> failures = new ArrayList<>();
    failures.add(
        new Failure(
            "container exits at once (JVM refuses -Xmx1k)",
            () ->
                new GenericContainer<>(image)
                    .withExposedPorts(API)
                    .withEnv("JAVA_TOOL_OPTIONS", "-Xmx1k")));
    // With proxies to start, GET /version waits for the full API, so the JVM runs a while first.
    failures.add(
        new Failure(
            "container exits while waited for (--config of a missing file)",
            () ->
                new GenericContainer<>(image)
                    .withExposedPorts(API)
                    .withCommand("--api", "0.0.0.0:" + API, "--config", "/no/such.json")));
    failures.add(
        new Failure(
            "API wants another token (401)",
            () ->
                new GenericContainer<>(image)
                    .withExposedPorts(API)
                    .withEnv("CHAOS_PROXY_API_TOKEN", "the-token")));
    if (nativeRef != null) {
      failures.add(
          new Failure(
              "not chaos-proxy (the native stand-in answers /version)",
              () ->
                  new GenericContainer<>(DockerImageName.parse(nativeRef)).withExposedPorts(API)));
    }
    for (Failure f : failures) {
      for (boolean ours : new boolean[] {true, false}) {
        WaitStrategy wait =
            ours
                ? new ControlApiWait(API, () -> "not-the-token").withStartupTimeout(timeout)
                : http(40).withStartupTimeout(timeout);
        GenericContainer<?> c = f.container.get().waitingFor(wait);
        long t0 = System.nanoTime();
        String message;
        try {
          c.start();
          message = "started?!";
        } catch (RuntimeException e) {
          message = innermost(e);
        } finally {
          c.stop();
        }
        long t1 = System.nanoTime();
        out.append("| ")
            .append(f.what)
            .append(" | ")
            .append(ours ? "ControlApiWait" : "HttpWaitStrategy")
            .append(" | ")
            .append(ms(t1 - t0))
            .append(" ms | ")
            .append(message.replace('\n', ' ').replace("|", "\\|"))
            .append(" |\n");
        System.err.printf(
            "  %s, %s: %d ms%n", f.what, ours ? "ours" : "http", (t1 - t0) / 1_000_000);
      }
    }
    System.out.println();
    System.out.println(out);
  }

  /** Testcontainers' own HTTP wait for chaos-proxy's API: {@code perSecond} 0 keeps its rate. */
  private static HttpWaitStrategy http(int perSecond) {
    HttpWaitStrategy wait =
        Wait.forHttp("/version")
            .forPort(API)
            .forStatusCode(200)
            .forResponsePredicate(body -> body.contains("\"chaos-proxy\""));
    if (perSecond > 0) {
      wait.withRateLimiter(
          RateLimiterBuilder.newBuilder()
              .withRate(perSecond, TimeUnit.SECONDS)
              .withConstantThroughput()
              .build());
    }
    return wait;
  }

  /** The message of the first cause that says why (Testcontainers wraps it two or three times). */
  private static String innermost(Throwable e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null)
        messages.add(t.getClass().getSimpleName() + ": " + t.getMessage());
    }
    String last = messages.isEmpty() ? e.toString() : messages.get(messages.size() - 1);
    return last.length() <= 220 ? last : last.substring(0, 220) + "...";
  }

  private static final class Variant {
    final String what;
    final Supplier<GenericContainer<?>> container;
    final List<Long> starts = new ArrayList<>();

    Variant(String what, Supplier<GenericContainer<?>> container) {
      this.what = what;
      this.container = container;
    }
  }

  private static final class Failure {
    final String what;
    final Supplier<GenericContainer<?>> container;

    Failure(String what, Supplier<GenericContainer<?>> container) {
      this.what = what;
      this.container = container;
    }
  }

  private static String ms(double nanos) {
    return Stats.fmt("%,.0f", nanos / 1e6);
  }
}
