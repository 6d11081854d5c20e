package dev.chaosproxy.bench;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.ProxyMetrics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * chaos-proxy as a stand-alone process, for a fair comparison with HAProxy and socat: one
 * {@link ChaosEngine} with 2 event loops and one proxy.
 *
 * <pre>
 * java -Xmx128m -cp benchmarks-all.jar dev.chaosproxy.bench.BenchProxy \
 *     --listen 127.0.0.1:0 --upstream 127.0.0.1:9000 [--latency-ms N] [--latency-direction up|down|both]
 * </pre>
 *
 * Prints {@code READY port=N pid=N}, then answers one command per stdin line:
 * <ul>
 *   <li>{@code heap}: runs System.gc() a few times, prints {@code HEAP used=B committed=B max=B}
 *   <li>{@code stats}: prints the proxy's metrics as {@code STATS active=.. total=.. up=.. down=.. failures=..}
 *   <li>{@code delay up|down|both MS}: latency toxic; {@code throttle up|down|both BYTES_PER_S}: bandwidth toxic
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
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--listen": listen = args[++i]; break;
        case "--upstream": upstream = args[++i]; break;
        case "--latency-ms": latencyMs = Long.parseLong(args[++i]); break;
        case "--latency-direction": latencyDirection = args[++i]; break;
        case "--event-loops": eventLoops = Integer.parseInt(args[++i]); break;
        default: throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (upstream == null) throw new IllegalArgumentException("--upstream host:port is required");

    try (ChaosEngine engine = ChaosEngine.builder().eventLoops(eventLoops).build()) {
      ProxyControl proxy = engine.newProxy("bench").listen(listen).upstream(upstream).start();
      if (latencyMs > 0) view(proxy, latencyDirection).delay(Duration.ofMillis(latencyMs));
      System.out.println("READY port=" + proxy.port() + " pid=" + ProcessHandle.current().pid());
      System.out.flush();

      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] w = line.trim().split("\\s+");
        try {
          if (w[0].isEmpty()) continue;
          switch (w[0]) {
            case "heap": {
              for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(50);
              }
              MemoryUsage u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
              System.out.println("HEAP used=" + u.getUsed() + " committed=" + u.getCommitted() + " max=" + u.getMax());
              break;
            }
            case "stats": {
              ProxyMetrics m = proxy.metrics();
              System.out.println("STATS active=" + m.connectionsActive() + " total=" + m.connectionsTotal()
                  + " up=" + m.bytesUpstream() + " down=" + m.bytesDownstream() + " failures=" + m.upstreamFailures());
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

  private static ProxyControl view(ProxyControl proxy, String direction) {
    switch (direction) {
      case "up": return proxy.upstream();
      case "down": return proxy.downstream();
      case "both": return proxy;
      default: throw new IllegalArgumentException("direction is up, down or both, was " + direction);
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
