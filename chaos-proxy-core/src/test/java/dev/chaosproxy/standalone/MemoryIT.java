package dev.chaosproxy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Http;
import dev.chaosproxy.testing.StandaloneProcess;
import dev.chaosproxy.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The standalone jar on a small heap under a flood it must hold back, and when a loop fails. */
class MemoryIT {
  private final TestServer echo = TestServer.echo();

  @AfterEach
  void close() {
    echo.close();
  }

  @Test
  void twentyFastWritersThroughAQuarterSecondEachWayOnA64MiBHeapSlowDownAndLoseNothing()
      throws Exception {
    int clients = 20;
    int perClient = 4 * 1024 * 1024; // 80 MiB in all: more than the heap, were it all held at once
    // The budget (a quarter of the heap, 16 MiB) held 250 ms each way caps the flow near 32 MiB/s
    // each way, below what twenty writers offer, so the budget still slows them down (the run
    // takes about 4 s; with 1 s each way it took 12 s for the same check).
    try (StandaloneProcess p =
        StandaloneProcess.start(
            List.of("-Xmx64m"),
            Map.of(),
            "--api",
            "127.0.0.1:0",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            echo.address(),
            "--delay-ms",
            "250")) {
      URI base = p.api();
      Http api = new Http(base);
      String listen = api.get("/proxies/default").json().get("listen").asText();
      int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
      AtomicBoolean done = new AtomicBoolean();
      AtomicLong slowestVersion = new AtomicLong();
      List<String> versionFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread poller =
          new Thread(
              () -> {
                while (!done.get()) {
                  long start = System.nanoTime();
                  try {
                    int status = api.get("/version").status();
                    if (status != 200) versionFailures.add("status " + status);
                  } catch (RuntimeException e) {
                    versionFailures.add(e.toString());
                  }
                  slowestVersion.accumulateAndGet(
                      (System.nanoTime() - start) / 1_000_000, Math::max);
                  try {
                    Thread.sleep(100); // pacing the probe, not synchronising
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      poller.setDaemon(true);
      poller.start();
      List<Socket> sockets = new ArrayList<>();
      List<CompletableFuture<Void>> work = new ArrayList<>();
      try {
        for (int i = 0; i < clients; i++) {
          Socket s = new Socket("127.0.0.1", port);
          s.setSoTimeout(30_000);
          sockets.add(s);
          long seed = i;
          work.add(CompletableFuture.runAsync(() -> write(s, seed, perClient)));
          work.add(CompletableFuture.runAsync(() -> readAndCheck(s, seed, perClient)));
        }
        CompletableFuture.allOf(work.toArray(new CompletableFuture<?>[0]))
            .get(60, TimeUnit.SECONDS);
      } finally {
        done.set(true);
        for (Socket s : sockets) s.close();
      }
      assertThat(versionFailures).as("/version under load").isEmpty();
      assertThat(slowestVersion.get()).as("slowest /version, ms").isLessThan(5000);
      assertThat(p.log()).noneMatch(l -> l.contains("OutOfMemoryError"));
      assertThat(p.process().isAlive()).isTrue();
      p.sigterm();
      assertThat(p.awaitExit(Duration.ofSeconds(7))).isEqualTo(143);
    }
  }

  @Test
  void anErrorOnAnEventLoopEndsTheProcessWithCode70() throws Exception {
    try (StandaloneProcess p =
        StandaloneProcess.start(
            List.of("-Dchaosproxy.internal.injectLoopErrorAfterMs=300"),
            Map.of(),
            "--api",
            "127.0.0.1:0",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            echo.address())) {
      assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(70);
      assertThat(p.log())
          .anyMatch(l -> l.contains("event loop error") && l.contains("OutOfMemoryError"));
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
}
