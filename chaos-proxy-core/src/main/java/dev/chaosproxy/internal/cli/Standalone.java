package dev.chaosproxy.internal.cli;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ProxyBuilder;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.ProxyHandle;
import dev.chaosproxy.internal.Version;
import dev.chaosproxy.internal.api.ApiException;
import dev.chaosproxy.internal.api.ApiServer;
import dev.chaosproxy.internal.api.ProxySpec;
import dev.chaosproxy.internal.api.StartingApi;
import dev.chaosproxy.internal.api.http.Limits;
import dev.chaosproxy.internal.relay.LocalProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running standalone proxy: the engine, its proxies and the control API, with a graceful stop.
 */
final class Standalone implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.chaosproxy.standalone");

  private final ChaosEngine engine;
  private final ApiServer api;
  private final Duration gracePeriod;
  private final boolean tokenRequired;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean stopping;

  private Standalone(
      ChaosEngine engine, ApiServer api, Duration gracePeriod, boolean tokenRequired) {
    this.engine = engine;
    this.api = api;
    this.gracePeriod = gracePeriod;
    this.tokenRequired = tokenRequired;
  }

  /**
   * Starts everything the plan asks for, or nothing: on a failure (an address in use, say) what was
   * started is stopped again and a {@link StartupException} says why; {@code early} is failed and
   * left for the caller to close once it has printed that.
   */
  static Standalone start(Plan plan, EarlyListener early) {
    ChaosEngine.Builder b = ChaosEngine.builder();
    if (plan.seed != null) b.seed(plan.seed);
    if (plan.eventLoops != null) b.eventLoops(plan.eventLoops);
    if (plan.memoryBudget != null) b.memoryBudget(plan.memoryBudget);
    ChaosEngine engine = b.build();
    // An Error a loop recovered from still means this process ran out of something: exit, so a
    // supervisor restarts it, rather than go on half-working.
    Engines.core(engine).onLoopError(e -> Fatal.halt("event loop error", e));
    Fatal.injectForTests(engine);
    ApiServer api = null;
    try {
      for (ProxySpec s : plan.configProxies) {
        try {
          s.start(engine);
        } catch (ApiException e) {
          throw new StartupException("proxy '" + s.name + "' from --config: " + e.getMessage(), e);
        }
      }
      for (Plan.FlagProxy p : plan.proxies) {
        ProxyBuilder pb =
            engine
                .newProxy(p.name())
                .protocol(p.protocol())
                .listen(p.listen())
                .upstream(p.upstream());
        for (Toxic t : plan.chaos) pb.toxic(t);
        try {
          pb.start();
        } catch (RuntimeException e) {
          throw new StartupException("proxy '" + p.name() + "': " + e.getMessage(), e);
        }
      }
      ApiServer.Config config =
          new ApiServer.Config(plan.token, plan.allowedHosts, plan.allowedOrigins, Limits.DEFAULT);
      String bindHost = HostPort.host(plan.api);
      try {
        InetSocketAddress address = HostPort.listen(plan.api);
        StartingApi started = early.take(address);
        if (early.inherited())
          log.info("control API on the listening socket it was given (standard input)");
        api =
            started != null
                ? ApiServer.start(engine, started, bindHost, config, Version.get())
                : ApiServer.start(engine, address, bindHost, config, Version.get());
      } catch (RuntimeException e) {
        throw new StartupException(e.getMessage(), e);
      }
    } catch (RuntimeException e) {
      early.fail(e.getMessage()); // the caller closes it, once it has said why
      engine.close();
      throw e instanceof StartupException ? e : new StartupException(e.getMessage(), e);
    }
    return new Standalone(engine, api, plan.gracePeriod, plan.token != null);
  }

  /**
   * Logs the "ready" line and the proxies. Called once a stop on SIGTERM is in place: whoever reads
   * "ready" may signal at once and get the graceful stop.
   */
  void announceReady() {
    log.info(
        "chaos-proxy {} ready: control API on http://{}{}, seed {}, memory budget {}",
        Version.get(),
        HostPort.format(api.address()),
        tokenRequired ? " (bearer token required)" : "",
        engine.seed(),
        engine.memoryBudget());
    for (ProxyControl p : engine.proxies()) {
      log.info(
          "proxy '{}' listens on {} -> {}{}",
          p.name(),
          HostPort.format(p.address()),
          p.target(),
          p.toxics().isEmpty()
              ? ""
              : " with "
                  + p.toxics().stream().map(Toxic::toString).collect(Collectors.joining(", ")));
    }
  }

  ChaosEngine engine() {
    return engine;
  }

  ApiServer api() {
    return api;
  }

  Duration gracePeriod() {
    return gracePeriod;
  }

  /** Blocks until {@link #close()} has finished. */
  void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops gracefully: the API and every listener close at once (new clients are refused), live
   * connections get the grace period to finish, then the rest are reset.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (stopping) return;
      stopping = true;
    }
    try {
      api.close();
      List<LocalProxy> proxies = new ArrayList<>();
      for (ProxyControl p : engine.proxies()) proxies.add(((ProxyHandle) p).local());
      for (LocalProxy p : proxies) p.stopAccepting();
      int live = live(proxies);
      if (live > 0) {
        log.info(
            "shutting down: waiting up to {} ms for {} live connection(s) to finish",
            gracePeriod.toMillis(),
            live);
        long deadline = System.nanoTime() + gracePeriod.toNanos();
        while ((live = live(proxies)) > 0 && System.nanoTime() < deadline) {
          try {
            Thread.sleep(20); // polling the registry; no loop thread waits on this
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        if (live > 0) {
          // A reset, not a FIN: a client reading to the end must not take a cut stream for a whole
          // one.
          log.info("grace period over: resetting {} connection(s) still live", live);
          for (LocalProxy p : proxies) p.killAll("the proxy is shutting down (grace period over)");
        }
      }
      engine.close();
      log.info("chaos-proxy stopped");
    } finally {
      stopped.countDown();
    }
  }

  private static int live(List<LocalProxy> proxies) {
    int n = 0;
    for (LocalProxy p : proxies) n += p.connectionCount();
    return n;
  }

  /** The proxy could not start (exit code 1). */
  static final class StartupException extends RuntimeException {
    StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
