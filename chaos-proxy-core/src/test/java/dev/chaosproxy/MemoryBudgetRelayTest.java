package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.internal.relay.MemoryBudget;
import dev.chaosproxy.testing.PeakSampler;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine-wide memory budget under load: bounded, fair, and never losing or reordering a byte.
 */
class MemoryBudgetRelayTest {
  private static final int BUDGET = 1024 * 1024;
  private final ChaosEngine engine =
      ChaosEngine.builder().eventLoops(2).memoryBudget(DataSize.ofBytes(BUDGET)).build();
  private final TestServer echo = TestServer.echo();

  @AfterEach
  void close() {
    engine.close();
    echo.close();
  }

  @Test
  void defaultsToAQuarterOfTheHeap() {
    try (ChaosEngine e = ChaosEngine.builder().eventLoops(1).build()) {
      assertThat(e.memoryBudget().bytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }
  }

  @Test
  void manyFastWritersThroughALongDelayStayWithinTheBudgetAndLoseNothing() throws Exception {
    ProxyControl proxy = engine.newProxy("echo").upstream(echo.address()).start();
    proxy.delay(Duration.ofMillis(200));
    int clients = 10;
    int perClient = 1024 * 1024; // 10 MiB in all: ten times the budget
    MemoryBudget budget = Engines.core(engine).budget();
    PeakSampler peak = PeakSampler.watch(budget::held);
    List<CompletableFuture<Void>> results = new ArrayList<>();
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        Socket s = Sockets.connect(proxy);
        sockets.add(s);
        long seed = i;
        results.add(CompletableFuture.runAsync(() -> write(s, seed, perClient)));
        results.add(CompletableFuture.runAsync(() -> readAndCheck(s, seed, perClient)));
      }
      CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
          .get(60, TimeUnit.SECONDS);
    } finally {
      peak.close();
      for (Socket s : sockets) s.close();
    }
    long bound = BUDGET + 2L * clients * MemoryBudget.FLOOR;
    assertThat(peak.peak())
        .as("peak held bytes")
        .isLessThanOrEqualTo(bound)
        .isGreaterThan(BUDGET / 2);
    await("the budget is free after the connections ended")
        .untilAsserted(
            () -> {
              assertThat(budget.held()).as("bytes held").isZero();
              assertThat(budget.holders()).as("flows holding").isZero();
            });
  }

  @Test
  void aGreedyConnectionDoesNotStarveAnother() throws Exception {
    ProxyControl proxy = engine.newProxy("echo").upstream(echo.address()).start();
    proxy.delay(Duration.ofMillis(100));
    AtomicBoolean stop = new AtomicBoolean();
    List<Socket> greedy = new ArrayList<>();
    List<CompletableFuture<Void>> hogs = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = Sockets.connect(proxy);
        greedy.add(s);
        hogs.add(CompletableFuture.runAsync(() -> flood(s, stop)));
        hogs.add(CompletableFuture.runAsync(() -> drainQuietly(s)));
      }
      MemoryBudget budget = Engines.core(engine).budget();
      await("the greedy clients fill the budget")
          .untilAsserted(
              () -> assertThat(budget.held()).as("bytes held").isGreaterThanOrEqualTo(BUDGET / 2));
      try (Socket small = Sockets.connect(proxy)) {
        small.setSoTimeout(10_000);
        for (int round = 0; round < 3; round++) {
          long start = System.nanoTime();
          small.getOutputStream().write("ping".getBytes());
          byte[] back = small.getInputStream().readNBytes(4);
          assertThat(new String(back)).isEqualTo("ping");
          // 2 x 100 ms of delay; generous for a loaded 2-core machine
          assertThat((System.nanoTime() - start) / 1e6).isLessThan(2000);
        }
      }
    } finally {
      stop.set(true);
      for (Socket s : greedy) s.close();
    }
  }

  private static void write(Socket s, long seed, int total) {
    try {
      OutputStream out = s.getOutputStream();
      Random r = new Random(seed);
      byte[] buf = new byte[64 * 1024];
      for (int sent = 0; sent < total; ) {
        int n = Math.min(buf.length, total - sent);
        r.nextBytes(buf);
        out.write(buf, 0, n);
        sent += n;
      }
      s.shutdownOutput();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void readAndCheck(Socket s, long seed, int total) {
    try {
      InputStream in = s.getInputStream();
      Random r = new Random(seed);
      byte[] expected = new byte[64 * 1024];
      byte[] got = new byte[64 * 1024];
      for (int seen = 0; seen < total; ) {
        int n = Math.min(expected.length, total - seen);
        r.nextBytes(expected);
        int read = in.readNBytes(got, 0, n);
        if (read != n)
          throw new AssertionError(
              "stream " + seed + " ended at byte " + (seen + read) + " of " + total);
        for (int i = 0; i < n; i++) {
          if (got[i] != expected[i])
            throw new AssertionError("stream " + seed + " differs at byte " + (seen + i));
        }
        seen += n;
      }
      if (in.read() != -1)
        throw new AssertionError("stream " + seed + " has more than " + total + " bytes");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void flood(Socket s, AtomicBoolean stop) {
    byte[] buf = new byte[64 * 1024];
    try {
      OutputStream out = s.getOutputStream();
      while (!stop.get()) out.write(buf);
    } catch (Exception ignored) {
      // closed at the end
    }
  }

  private static void drainQuietly(Socket s) {
    try {
      s.getInputStream().transferTo(OutputStream.nullOutputStream());
    } catch (Exception ignored) {
      // closed at the end
    }
  }
}
