package dev.chaosproxy.bench;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.HttpMetrics;
import dev.chaosproxy.ProxyBuilder;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.ProxyMetrics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * chaos-proxy as a stand-alone process, for a fair comparison with HAProxy and socat: one {@link
 * ChaosEngine} with 2 event loops and one proxy.
 *
 * <pre>
 * java -Xmx128m -cp benchmarks-all.jar dev.chaosproxy.bench.BenchProxy \
 *     --listen 127.0.0.1:0 --upstream 127.0.0.1:9000 [--latency-ms N] [--latency-direction up|down|both] [--api]
 *     [--http [--http-unmatched-fault]]
 * </pre>
 *
 * {@code --http} starts an HTTP proxy ({@code ProxyBuilder.http()}); {@code --http-unmatched-fault}
 * adds an HTTP fault no request of the benchmark matches ({@code POST /never} answers 503).
 *
 * <p>Prints {@code READY port=N pid=N}, then answers one command per stdin line:
 *
 * <ul>
 *   <li>{@code heap}: runs System.gc() a few times, prints {@code HEAP used=B committed=B max=B}
 *   <li>{@code stats}: prints the proxy's metrics as {@code STATS active=.. total=.. up=.. down=..
 *       failures=..}
 *   <li>{@code delay up|down|both MS}: latency toxic; {@code throttle up|down|both BYTES_PER_S}:
 *       bandwidth toxic
 *   <li>{@code peak-reset}, {@code peak}: resets, and prints, the heap pools' peak use as {@code
 *       PEAK used=B max=B budget=B} (the sum of each pool's peak: at most a little high)
 *   <li>{@code http}: prints the HTTP metrics as {@code HTTP requests=.. raw=.. faulted=..} (raw
 *       connections; requests an HTTP fault acted on)
 *   <li>{@code clear}: removes the toxics
 *   <li>{@code quit}: stops the proxy and exits (so does closing stdin)
 * </ul>
 */
public final class BenchProxy {
  private BenchProxy() {}

  public static void main(String[] args) throws Exception {
    quietLogging();
    String listen = "127.0.0.1:0";
    String upstream = null;
    long latencyMs = 0;
    String latencyDirection = "up";
    int eventLoops = 2;
    boolean api = false;
    boolean http = false;
    boolean unmatchedFault = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--listen":
          listen = args[++i];
          break;
        case "--upstream":
          upstream = args[++i];
          break;
        case "--latency-ms":
          latencyMs = Long.parseLong(args[++i]);
          break;
        case "--latency-direction":
          latencyDirection = args[++i];
          break;
        case "--event-loops":
          eventLoops = Integer.parseInt(args[++i]);
          break;
        case "--api":
          api = true;
          break;
        case "--http":
          http = true;
          break;
        case "--http-unmatched-fault":
          unmatchedFault = true;
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (upstream == null) throw new IllegalArgumentException("--upstream host:port is required");
    if (unmatchedFault && !http)
      throw new IllegalArgumentException("--http-unmatched-fault needs --http");

    watchHeap();
    try (ChaosEngine engine = ChaosEngine.builder().eventLoops(eventLoops).build()) {
      ProxyBuilder builder = engine.newProxy("bench").listen(listen).upstream(upstream);
      if (http) builder.http();
      ProxyControl proxy = builder.start();
      if (unmatchedFault) proxy.http().on("POST", "/never").respond(503);
      if (latencyMs > 0) view(proxy, latencyDirection).delay(Duration.ofMillis(latencyMs));
      ControlServer control =
          api ? ControlServer.builder(engine).listen("127.0.0.1:0").start() : null;
      System.out.println(
          "READY port="
              + proxy.port()
              + " pid="
              + ProcessHandle.current().pid()
              + (control != null ? " api=" + control.address().getPort() : ""));
      System.out.flush();

      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] w = line.trim().split("\\s+");
        try {
          if (w[0].isEmpty()) continue;
          switch (w[0]) {
            case "heap":
              {
                for (int i = 0; i < 3; i++) {
                  System.gc();
                  Thread.sleep(50);
                }
                MemoryUsage u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                System.out.println(
                    "HEAP used="
                        + u.getUsed()
                        + " committed="
                        + u.getCommitted()
                        + " max="
                        + u.getMax());
                break;
              }
            case "peak-reset":
              PEAK_SAMPLED.set(0);
              PEAK_AFTER_GC.set(0);
              for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
              }
              System.out.println("OK peak reset");
              break;
            case "peak":
              {
                System.out.println(
                    "PEAK used="
                        + PEAK_SAMPLED.get()
                        + " afterGc="
                        + PEAK_AFTER_GC.get()
                        + " max="
                        + Runtime.getRuntime().maxMemory()
                        + " budget="
                        + engine.memoryBudget().bytes());
                break;
              }
            case "stats":
              {
                ProxyMetrics m = proxy.metrics();
                System.out.println(
                    "STATS active="
                        + m.connectionsActive()
                        + " total="
                        + m.connectionsTotal()
                        + " up="
                        + m.bytesUpstream()
                        + " down="
                        + m.bytesDownstream()
                        + " failures="
                        + m.upstreamFailures());
                break;
              }
            case "http":
              {
                HttpMetrics h = proxy.metrics().http();
                System.out.println(
                    "HTTP requests="
                        + h.requests()
                        + " raw="
                        + h.rawConnections()
                        + " faulted="
                        + h.faults().values().stream().mapToLong(Long::longValue).sum());
                break;
              }
            case "delay":
              view(proxy, w[1]).delay(Duration.ofMillis(Long.parseLong(w[2])));
              System.out.println("OK " + proxy.toxics());
              break;
            case "throttle":
              view(proxy, w[1]).throttle(DataSize.ofBytes(Long.parseLong(w[2])));
              System.out.println("OK " + proxy.toxics());
              break;
            case "clear":
              proxy.clear();
              System.out.println("OK " + proxy.toxics());
              break;
            case "quit":
              proxy.close();
              System.out.println("BYE");
              System.out.flush();
              return;
            default:
              System.out.println("ERR unknown command '" + line + "'");
          }
        } catch (RuntimeException e) {
          System.out.println("ERR " + e);
        }
        System.out.flush();
      }
    }
  }

  /** Heap in use, sampled every 10 ms (garbage included). */
  private static final java.util.concurrent.atomic.AtomicLong PEAK_SAMPLED =
      new java.util.concurrent.atomic.AtomicLong();

  /** Heap in use just after a collection: what was live. */
  private static final java.util.concurrent.atomic.AtomicLong PEAK_AFTER_GC =
      new java.util.concurrent.atomic.AtomicLong();

  private static void watchHeap() {
    Thread t =
        new Thread(
            () -> {
              java.lang.management.MemoryMXBean m = ManagementFactory.getMemoryMXBean();
              while (true) {
                PEAK_SAMPLED.accumulateAndGet(m.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    t.setDaemon(true);
    t.start();
    for (java.lang.management.GarbageCollectorMXBean gc :
        ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!(gc instanceof javax.management.NotificationEmitter)) continue;
      ((javax.management.NotificationEmitter) gc)
          .addNotificationListener(
              (n, h) -> {
                if (!com.sun.management.GarbageCollectionNotificationInfo
                    .GARBAGE_COLLECTION_NOTIFICATION
                    .equals(n.getType())) return;
                com.sun.management.GarbageCollectionNotificationInfo info =
                    com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) n.getUserData());
                long after = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                  if (pool.getType() != MemoryType.HEAP) continue;
                  MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                  if (u != null) after += u.getUsed();
                }
                PEAK_AFTER_GC.accumulateAndGet(after, Math::max);
              },
              null,
              null);
    }
  }

  private static ProxyControl view(ProxyControl proxy, String direction) {
    switch (direction) {
      case "up":
        return proxy.upstream();
      case "down":
        return proxy.downstream();
      case "both":
        return proxy;
      default:
        throw new IllegalArgumentException("direction is up, down or both, was " + direction);
    }
  }

  /**
   * Logs at WARN: chaos-proxy logs every closed connection at INFO, which a user would normally
   * route to a file or filter; HAProxy and socat are run without logging too.
   */
  static void quietLogging() {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }
}
