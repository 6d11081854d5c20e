package dev.chaosproxy.bench;

import com.github.dockerjava.api.command.InspectImageResponse;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testcontainers.ChaosProxyContainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The container's figures, run by hand ({@code bench/containers}): the image's size, the time from
 * {@code start()} to ready of {@link ChaosProxyContainer} in a few shapes and of Testcontainers'
 * {@code ToxiproxyContainer} on the same image (Toxiproxy's own image cannot be had here), the time
 * to the first 200 beside the native stand-in for Toxiproxy's image ({@code
 * chaos-proxy-test/native}), and what a control call costs over REST from the host.
 *
 * <pre>
 * ContainerStartupBench [--runs N] [--image NAME] [--out FILE]
 * </pre>
 */
public final class ContainerStartupBench {
  private ContainerStartupBench() {}

  public static void main(String[] args) throws Exception {
    int runs = 7;
    String imageArg = null;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs":
          runs = Integer.parseInt(args[++i]);
          break;
        case "--image":
          imageArg = args[++i];
          break;
        case "--out":
          out = Path.of(args[++i]);
          break;
        default:
          System.err.println("usage: ContainerStartupBench [--runs N] [--image NAME] [--out FILE]");
          System.exit(2);
      }
    }
    DockerImageName image = DockerImageName.parse(imageArg != null ? imageArg : builtImage());
    InspectImageResponse inspected =
        DockerClientFactory.instance()
            .client()
            .inspectImageCmd(image.asCanonicalNameString())
            .exec();
    String engine = DockerClientFactory.instance().getInfo().getServerVersion();
    String loadBefore = load();

    List<String> rows = new ArrayList<>();
    rows.add("| image | size |");
    rows.add("|---|---:|");
    rows.add(
        "| `"
            + image.asCanonicalNameString()
            + "` | "
            + Stats.fmt("%.1f MB", inspected.getSize() / 1e6)
            + " |");
    rows.add(
        "| `ghcr.io/shopify/toxiproxy` | not measured: no registry here, and it is neither in Debian nor on Maven Central |");
    String nativeRef = builtImage("native", null);
    DockerImageName nativeImage = nativeRef == null ? null : DockerImageName.parse(nativeRef);
    if (nativeImage != null) {
      rows.add(
          "| `"
              + nativeRef
              + "` (its stand-in: a static C server answering GET /version) | "
              + Stats.fmt(
                  "%.1f MB",
                  DockerClientFactory.instance()
                          .client()
                          .inspectImageCmd(nativeRef)
                          .exec()
                          .getSize()
                      / 1e6)
              + " |");
    }
    rows.add("");
    if (nativeImage != null) {
      List<Variant> first =
          List.of(
              new Variant(
                  "chaos-proxy image",
                  1,
                  () -> new GenericContainer<>(image).withExposedPorts(8474)),
              new Variant(
                  "native stand-in for Toxiproxy's image",
                  1,
                  () -> new GenericContainer<>(nativeImage).withExposedPorts(8474)));
      measureFirstAnswer(first, runs);
      rows.add(
          "| GenericContainer, default wait, then GET /version every 10 ms until 200; "
              + runs
              + " runs | median ms | min ms | max ms | attempts reset, median |");
      rows.add("|---|---:|---:|---:|---:|");
      for (Variant v : first) {
        rows.add(
            "| "
                + v.what
                + " | "
                + ms(Stats.median(v.starts))
                + " | "
                + ms(Stats.percentile(v.starts, 0))
                + " | "
                + ms(Stats.percentile(v.starts, 100))
                + " | "
                + Stats.fmt("%.0f", Stats.median(v.stops))
                + " |");
      }
      rows.add(
          "| ratio of the medians | "
              + Stats.fmt(
                  "%.2f", Stats.median(first.get(0).starts) / Stats.median(first.get(1).starts))
              + "× | | | |");
      rows.add("");
    }
    rows.add(
        "| start() → ready, "
            + runs
            + " runs | exposed ports | median ms | min ms | max ms | stop() median ms |");
    rows.add("|---|---:|---:|---:|---:|---:|");

    List<Variant> variants =
        List.of(
            new Variant(
                "ChaosProxyContainer, no proxies, `withReservedPorts(0)`",
                1,
                () -> new ChaosProxyContainer(image).withReservedPorts(0)),
            new Variant(
                "ChaosProxyContainer, 1 declared proxy, default reserve ("
                    + ChaosProxyContainer.DEFAULT_RESERVED_PORTS
                    + ")",
                2 + ChaosProxyContainer.DEFAULT_RESERVED_PORTS,
                () -> new ChaosProxyContainer(image).withProxy("redis", "redis:6379")),
            new Variant(
                "ChaosProxyContainer, `withReservedPorts(32)` (Toxiproxy's window)",
                33,
                () -> new ChaosProxyContainer(image).withReservedPorts(32)),
            new Variant(
                "Testcontainers' ToxiproxyContainer on this image (its HTTP wait, once a second)",
                33,
                () ->
                    new ToxiproxyContainer(
                        image.asCompatibleSubstituteFor("ghcr.io/shopify/toxiproxy"))));
    measure(variants, runs);
    for (Variant v : variants) {
      rows.add(
          "| "
              + v.what
              + " | "
              + v.ports
              + " | "
              + ms(Stats.median(v.starts))
              + " | "
              + ms(Stats.percentile(v.starts, 0))
              + " | "
              + ms(Stats.percentile(v.starts, 100))
              + " | "
              + ms(Stats.median(v.stops))
              + " |");
    }

    rows.add("");
    rows.add(controlCalls(image));

    String when = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    String markdown =
        "## Container figures, "
            + when
            + "\n\nDocker "
            + engine
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores, load average "
            + loadBefore
            + " before, "
            + load()
            + " after. start() is timed from the call to its"
            + " return (create, start, port publishing, wait strategy); each run is a new container, and the shapes take turns"
            + " in alternating order.\n\n"
            + String.join("\n", rows)
            + "\n";
    Report.publish(markdown, out);
  }

  /** One shape of container to start and stop. */
  private static final class Variant {
    final String what;
    final int ports;
    final Supplier<GenericContainer<?>> container;
    long[] starts;
    long[] stops;

    Variant(String what, int ports, Supplier<GenericContainer<?>> container) {
      this.what = what;
      this.ports = ports;
      this.container = container;
    }
  }

  /**
   * Starts and stops each variant {@code runs} times after one warm-up round (the first start pays
   * for the image's layers in the page cache), visiting the variants in turn and in alternating
   * order, so that the load of a shared machine drifts over all of them alike.
   */
  private static void measure(List<Variant> variants, int runs) {
    inTurns(
        variants,
        runs,
        (v, label) -> {
          GenericContainer<?> c = v.container.get();
          long t0 = System.nanoTime();
          c.start();
          long t1 = System.nanoTime();
          c.stop();
          long t2 = System.nanoTime();
          System.err.printf(
              "  %s %s: start %d ms, stop %d ms%n",
              label, v.what, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
          return new long[] {t1 - t0, t2 - t1};
        });
  }

  /**
   * From {@code start()} (with Testcontainers' default wait, as a Toxiproxy user's container has
   * it) to the first 200 on {@code GET /version}, asked every 10 ms on a new connection each time:
   * what a client calling the API right away waits. {@code stops} holds the attempts that connected
   * and were then reset or closed unanswered, per run. Alternating order, one warm-up round.
   */
  private static void measureFirstAnswer(List<Variant> variants, int runs) {
    inTurns(
        variants,
        runs,
        (v, label) -> {
          try (GenericContainer<?> c = v.container.get()) {
            long t0 = System.nanoTime();
            c.start();
            java.net.URI uri =
                java.net.URI.create(
                    "http://" + c.getHost() + ":" + c.getMappedPort(8474) + "/version");
            long deadline = t0 + 30_000_000_000L;
            int resets = 0;
            while (true) {
              int status = status(uri);
              if (status == 200) break;
              if (status < 0) resets++;
              if (System.nanoTime() > deadline)
                throw new IllegalStateException(v.what + ": no 200 from " + uri + " within 30 s");
              java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            long t1 = System.nanoTime();
            System.err.printf(
                "  %s %s: first 200 after %d ms, %d attempts reset%n",
                label, v.what, (t1 - t0) / 1_000_000, resets);
            return new long[] {t1 - t0, resets};
          }
        });
  }

  /** One run of one variant: the figures kept in its {@code starts} and {@code stops}. */
  private interface Run {
    long[] run(Variant v, String label);
  }

  /**
   * Runs each variant {@code runs} times after one warm-up round, visiting the variants in turn and
   * in alternating order, so that the load of a shared machine drifts over all of them alike.
   */
  private static void inTurns(List<Variant> variants, int runs, Run run) {
    for (Variant v : variants) {
      v.starts = new long[runs];
      v.stops = new long[runs];
    }
    List<Variant> order = new ArrayList<>(variants);
    for (int i = -1; i < runs; i++) {
      if (i > 0) java.util.Collections.reverse(order);
      for (Variant v : order) {
        long[] r = run.run(v, i < 0 ? "warm-up" : "run " + (i + 1));
        if (i >= 0) {
          v.starts[i] = r[0];
          v.stops[i] = r[1];
        }
      }
    }
  }

  /**
   * The status of GET URI; -1 when the connection was reset or closed without an answer, -2 when
   * refused.
   */
  private static int status(java.net.URI uri) {
    try {
      java.net.HttpURLConnection http = (java.net.HttpURLConnection) uri.toURL().openConnection();
      http.setConnectTimeout(2_000);
      http.setReadTimeout(5_000);
      http.setRequestProperty("Connection", "close");
      try {
        return http.getResponseCode();
      } finally {
        http.disconnect();
      }
    } catch (java.net.ConnectException e) {
      return -2;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Round trips of control calls from the host: a toxic changed (GET + PUT) and the toxics read
   * (GET).
   */
  private static String controlCalls(DockerImageName image) {
    int calls = 200;
    try (ChaosProxyContainer chaos = new ChaosProxyContainer(image).withReservedPorts(1)) {
      chaos.start();
      ProxyControl proxy =
          chaos.createProxy("api", "127.0.0.1:" + ChaosProxyContainer.CONTROL_PORT);
      long[] change = new long[calls];
      long[] read = new long[calls];
      for (int i = -20; i < calls; i++) {
        long t0 = System.nanoTime();
        proxy.downstream().delay(Duration.ofMillis(i & 1));
        long t1 = System.nanoTime();
        proxy.toxics();
        long t2 = System.nanoTime();
        if (i >= 0) {
          change[i] = t1 - t0;
          read[i] = t2 - t1;
        }
      }
      return "| control call from the host, "
          + calls
          + " calls | median ms | p99 ms |\n|---|---:|---:|\n"
          + "| `downstream().delay(..)` (GET toxics + PUT toxics) | "
          + ms(Stats.median(change))
          + " | "
          + ms(Stats.percentile(change, 99))
          + " |\n"
          + "| `toxics()` (GET) | "
          + ms(Stats.median(read))
          + " | "
          + ms(Stats.percentile(read, 99))
          + " |";
    }
  }

  private static String ms(double nanos) {
    return Stats.fmt("%,.0f", nanos / 1e6);
  }

  /**
   * The image the chaos-proxy-image module built last ({@code target/images.properties}), else
   * {@code chaos-proxy:latest}.
   */
  private static String builtImage() throws IOException {
    return builtImage("chaos-proxy", "chaos-proxy:latest");
  }

  /** The image the chaos-proxy-image module recorded for KEY, else the fallback. */
  static String builtImage(String key, String fallback) throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("chaos-proxy-image/target/images.properties");
      if (Files.isRegularFile(file)) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
          p.load(in);
        }
        String ref = p.getProperty(key);
        if (ref != null && !ref.isBlank()) return ref.trim();
      }
    }
    return fallback;
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
