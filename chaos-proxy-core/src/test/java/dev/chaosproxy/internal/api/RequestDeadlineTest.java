package dev.chaosproxy.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.testing.Await;
import dev.chaosproxy.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Clients that stall or trickle a request get a 408 (or a closed socket) and cannot starve the API. */
class RequestDeadlineTest {
  private static final long DEADLINE_MILLIS = 300;
  private static final String STALLED_HEADERS = "POST /proxies HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n"
      + "Content-Length: 100\r\n\r\n";

  private static long apiThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("chaos-proxy-api"))
        .count();
  }

  /** Everything the server sends until it closes the socket (or the read times out). */
  private static String readAll(Socket s) {
    StringBuilder text = new StringBuilder();
    byte[] buf = new byte[4096];
    try {
      InputStream in = s.getInputStream();
      int n;
      while ((n = in.read(buf)) > 0) text.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      // A reset counts as closed: what arrived before it is still checked.
    }
    return text.toString();
  }

  private static void assertTimedOutOrClosed(String answer) {
    if (answer.isEmpty()) return; // closed without an answer
    assertThat(answer).startsWith("HTTP/1.1 408");
    assertThat(answer).contains("\"error\":\"request timeout: the request body (Content-Length: 100) did not arrive within 300 ms;");
  }

  @Test
  void stalledClientsGet408AndDoNotBlockOtherCalls() throws Exception {
    long before = apiThreads();
    int stalled = ApiServer.MAX_WORKERS + 4;
    ExecutorService readers = Executors.newCachedThreadPool();
    List<Socket> sockets = new ArrayList<>();
    try (ChaosEngine engine = ChaosEngine.start()) {
      ApiServer server = ApiServer.start(engine, new InetSocketAddress("127.0.0.1", 0), null, "test", DEADLINE_MILLIS);
      URI uri = URI.create("http://127.0.0.1:" + server.address().getPort());
      try {
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < stalled; i++) {
          Socket s = new Socket("127.0.0.1", server.address().getPort());
          s.setSoTimeout(15_000);
          sockets.add(s);
          s.getOutputStream().write(STALLED_HEADERS.getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          answers.add(CompletableFuture.supplyAsync(() -> readAll(s), readers));
        }

        long start = System.nanoTime();
        Http.Response version = new Http(uri).get("/version");
        assertThat(version.status()).as(version.toString()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("GET /version behind %d stalled clients", stalled)
            .isLessThan(Duration.ofSeconds(5));

        int timedOut = 0;
        for (CompletableFuture<String> a : answers) {
          String answer = a.get(20, TimeUnit.SECONDS);
          assertTimedOutOrClosed(answer);
          if (!answer.isEmpty()) timedOut++;
        }
        assertThat(timedOut).as("stalled clients answered 408").isPositive();
        Thread[] all = new Thread[Thread.activeCount() * 2];
        int n = Thread.enumerate(all);
        for (int i = 0; i < n; i++) {
          if (all[i].getName().startsWith("chaos-proxy-api")) assertThat(all[i].isDaemon()).as(all[i].getName()).isTrue();
        }
        // The workers that were interrupted serve the next calls normally.
        for (int i = 0; i < 2 * ApiServer.MAX_WORKERS; i++) assertThat(new Http(uri).get("/proxies").status()).isEqualTo(200);
      } finally {
        server.close();
      }
    } finally {
      for (Socket s : sockets) s.close();
      readers.shutdownNow();
    }
    Await.until(() -> apiThreads() == before, "the API's worker and deadline threads ended");
  }

  @Test
  void aTricklingBodyIsCutAtTheDeadline() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    try (ChaosEngine engine = ChaosEngine.start();
        Socket s = new Socket()) {
      ApiServer server = ApiServer.start(engine, new InetSocketAddress("127.0.0.1", 0), null, "test", DEADLINE_MILLIS);
      try {
        s.connect(server.address());
        s.setSoTimeout(15_000);
        OutputStream out = s.getOutputStream();
        out.write(STALLED_HEADERS.getBytes(StandardCharsets.US_ASCII));
        CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
          try {
            for (int i = 0; i < 99 && !done.get(); i++) {
              out.write(' ');
              out.flush();
              LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // the pace of a slow client, not synchronisation
            }
          } catch (IOException e) {
            // The server closed the connection: expected.
          }
        });
        long start = System.nanoTime();
        String answer = readAll(s);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertTimedOutOrClosed(answer);
        done.set(true);
        trickle.get(10, TimeUnit.SECONDS);
        assertThat(new Http(URI.create("http://127.0.0.1:" + server.address().getPort())).get("/version").status())
            .isEqualTo(200);
      } finally {
        done.set(true);
        server.close();
      }
    }
  }

  @Test
  void halfSentHeadersAreCutAtTheDeadline() throws Exception {
    try (ChaosEngine engine = ChaosEngine.start()) {
      ApiServer server = ApiServer.start(engine, new InetSocketAddress("127.0.0.1", 0), null, "test", DEADLINE_MILLIS);
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < ApiServer.MAX_WORKERS + 2; i++) {
          Socket s = new Socket("127.0.0.1", server.address().getPort());
          sockets.add(s);
          s.setSoTimeout(15_000);
          s.getOutputStream().write("GET /version HTTP/1.1\r\nHost: a".getBytes(StandardCharsets.US_ASCII));
        }
        long start = System.nanoTime();
        for (Socket s : sockets) assertThat(readAll(s)).as("no answer to half a request, the socket closed").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(new Http(URI.create("http://127.0.0.1:" + server.address().getPort())).get("/version").status())
            .isEqualTo(200);
      } finally {
        for (Socket s : sockets) s.close();
        server.close();
      }
    }
  }

  @Test
  void aRequestThatArrivesInTimeIsServedAsUsual() {
    try (ChaosEngine engine = ChaosEngine.start()) {
      // Generous, for a loaded machine: the client's headers and body must not be cut apart.
      ApiServer server = ApiServer.start(engine, new InetSocketAddress("127.0.0.1", 0), null, "test", 2_000);
      try {
        Http api = new Http(URI.create("http://127.0.0.1:" + server.address().getPort()));
        assertThat(api.post("/proxies", "{\"name\":\"p\",\"upstream\":\"127.0.0.1:1\"}").status()).isEqualTo(201);
        assertThat(api.get("/proxies/p").status()).isEqualTo(200);
      } finally {
        server.close();
      }
    }
  }
}
