package dev.chaosproxy.api;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testing.Http;
import dev.chaosproxy.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The API stays quick under traffic, and closing it leaves no thread or port behind. */
class ApiLifecycleTest {
  private static long apiThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(
            t ->
                t.isAlive()
                    && (t.getName().startsWith("chaos-proxy-api")
                        || t.getName().startsWith("HTTP-Dispatcher")))
        .count();
  }

  @Test
  void callsStayFastWhileConnectionsPushDataThroughToxicsBeingChanged() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    AtomicBoolean done = new AtomicBoolean();
    try (TestServer sink =
            TestServer.start(s -> s.getInputStream().transferTo(OutputStream.nullOutputStream()));
        ChaosEngine engine = ChaosEngine.builder().eventLoops(2).build();
        ControlServer server = ControlServer.builder(engine).start()) {
      Http api = new Http(server.uri());
      ProxyControl proxy = engine.newProxy("busy").upstream(sink.address()).start();
      proxy.throttle(DataSize.ofMB(20));
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        writers.add(
            CompletableFuture.runAsync(
                () -> {
                  try (Socket s = new Socket(proxy.host(), proxy.port())) {
                    byte[] block = new byte[64 * 1024];
                    OutputStream out = s.getOutputStream();
                    while (!done.get()) out.write(block);
                  } catch (java.io.IOException e) {
                    if (!done.get()) throw new IllegalStateException(e);
                  }
                },
                pool));
      }
      proxy.awaitConnections(4, Duration.ofSeconds(5));
      SplittableRandom r = new SplittableRandom(7);
      long slowest = 0;
      for (int i = 0; i < 200; i++) {
        long start = System.nanoTime();
        Http.Response resp =
            switch (i % 4) {
              case 0 ->
                  api.put(
                      "/proxies/busy/toxics",
                      "[{\"type\":\"bandwidth\",\"stream\":\"upstream\",\"attributes\":{\"rate\":"
                          + (1000 + r.nextInt(50_000))
                          + "}},"
                          + "{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":"
                          + r.nextInt(20)
                          + "}}]");
              case 1 -> api.get("/connections");
              case 2 ->
                  api.patch(
                      "/proxies/busy/toxics/latency_upstream",
                      "{\"attributes\":{\"jitter\":" + r.nextInt(5) + "}}");
              default -> api.get("/metrics");
            };
        assertThat(resp.status()).as(resp.toString()).isLessThan(300);
        slowest = Math.max(slowest, System.nanoTime() - start);
      }
      assertThat(Duration.ofNanos(slowest))
          .as("slowest API call under traffic")
          .isLessThan(Duration.ofSeconds(2));
      assertThat(proxy.metrics().bytesUpstream()).isPositive();
      done.set(true);
      proxy.killAll("test over");
      for (CompletableFuture<Void> w : writers) w.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closingStopsEveryThreadAndReleasesThePort() throws Exception {
    long before = apiThreads();
    int port;
    try (ChaosEngine engine = ChaosEngine.start()) {
      ControlServer server = ControlServer.builder(engine).start();
      port = server.address().getPort();
      Http api = new Http(server.uri());
      for (int i = 0; i < 20; i++) assertThat(api.get("/proxies").status()).isEqualTo(200);
      assertThat(apiThreads()).isGreaterThan(before);
      server.close();
    }
    await("the API's threads ended").until(() -> apiThreads() == before);
    try (java.net.ServerSocket again = new java.net.ServerSocket()) {
      again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
    }
  }

  @Test
  void proxiesMadeInProcessAndThroughTheApiAreOneSet() throws Exception {
    try (TestServer echo = TestServer.echo();
        ChaosEngine engine = ChaosEngine.start();
        ControlServer server = ControlServer.builder(engine).start()) {
      Http api = new Http(server.uri());
      ProxyControl local = engine.newProxy("local").upstream(echo.address()).start();
      api.post("/proxies/local/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":50}}");
      assertThat(local.toxics()).extracting(t -> t.name()).containsExactly("latency_downstream");
      api.post("/proxies", "{\"name\":\"remote\",\"upstream\":\"" + echo.address() + "\"}");
      assertThat(engine.proxy("remote")).isPresent();
      try (Socket s = new Socket(local.host(), local.port())) {
        s.getOutputStream().write(1);
        InputStream in = s.getInputStream();
        assertThat(in.read()).isEqualTo(1);
      }
    }
  }
}
