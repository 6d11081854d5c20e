package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** After 1,000 connections and a close, no socket or thread the proxy opened remains. */
class LeakTest {
  private static long openSockets() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(
              fd -> {
                try {
                  return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException gone) {
                  return false;
                }
              })
          .count();
    }
  }

  private static long openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static long engineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("chaos-proxy-") && t.isAlive())
        .count();
  }

  @Test
  void thousandConnectionsThenCloseLeaveNothingBehind() throws Exception {
    assumeTrue(
        Files.isDirectory(Path.of("/proc/self/fd")), "counting file descriptors needs Linux /proc");
    try (TestServer echo = TestServer.echo()) {
      warmUpTheJdk(echo);
      long threadsBefore = engineThreads();
      long socketsBefore = openSockets();
      long fdsBefore = openFds();

      ChaosEngine engine = ChaosEngine.builder().eventLoops(2).build();
      ProxyControl proxy = engine.newProxy("leaky").upstream(echo.address()).start();
      proxy.delay(Duration.ofMillis(1)); // chaos path too, not only the fast path
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int i = 0; i < 900; i++) {
        done.add(
            CompletableFuture.runAsync(
                () -> {
                  try (Socket s = Sockets.connect(proxy)) {
                    Timing.roundTrip(s);
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                },
                clients));
      }
      for (CompletableFuture<Void> f : done) f.get(60, TimeUnit.SECONDS);
      clients.shutdown();
      // 100 more stay open while the proxy closes under them.
      List<Socket> open = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Socket s = Sockets.connect(proxy);
        Timing.roundTrip(s);
        open.add(s);
      }
      assertThat(proxy.metrics().connectionsTotal()).isEqualTo(1000);
      assertThat(proxy.metrics().connectionsActive()).isEqualTo(100);

      proxy.close();
      for (Socket s : open) assertThat(Sockets.readOutcome(s.getInputStream())).isEqualTo("eof");
      for (Socket s : open) s.close();
      // The echo server's threads close their ends as the EOFs reach them.
      await("the sockets closed")
          .untilAsserted(
              () ->
                  assertThat(uncheck(LeakTest::openSockets))
                      .as("sockets open")
                      .isLessThanOrEqualTo(socketsBefore));

      engine.close();
      assertThat(engineThreads()).isEqualTo(threadsBefore);
      await("the file descriptors closed")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(uncheck(LeakTest::openFds))
                      .as("file descriptors open")
                      .isLessThanOrEqualTo(fdsBefore));
    }
  }

  /**
   * One proxied connection, opened and closed, before anything is counted: the JDK keeps a socket
   * of its own for closing channels (made the first time one is closed in the JVM), which would
   * otherwise count as the proxy's when this test runs first.
   */
  private static void warmUpTheJdk(TestServer echo) throws IOException {
    try (ChaosEngine engine = ChaosEngine.builder().eventLoops(1).build()) {
      ProxyControl proxy = engine.newProxy("warm-up").upstream(echo.address()).start();
      try (Socket s = Sockets.connect(proxy)) {
        Timing.roundTrip(s);
      }
    }
  }

  private interface IoSupplier {
    long get() throws IOException;
  }

  private static long uncheck(IoSupplier s) {
    try {
      return s.get();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
