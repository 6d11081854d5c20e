package dev.chaosproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How connections end: slow_close and limit_data. */
class CloseTest {
  private final ChaosEngine engine = ChaosEngine.start();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void slowCloseDelaysTheFinNotTheData() throws Exception {
    try (TestServer server = TestServer.start(s -> {
      s.getOutputStream().write("bye".getBytes());
      s.shutdownOutput();
      s.getInputStream().readAllBytes();
    })) {
      ProxyControl proxy = engine.newProxy("slow-close").upstream(server.address()).start();
      proxy.downstream().slowClose(Duration.ofMillis(400));
      try (Socket client = Sockets.connect(proxy)) {
        InputStream in = client.getInputStream();
        long start = System.nanoTime();
        assertThat(in.readNBytes(3)).isEqualTo("bye".getBytes());
        assertThat(Timing.millisSince(start)).isLessThan(300);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(Timing.millisSince(start)).isBetween(380.0, 2000.0);
      }
    }
  }

  @Test
  void limitDataPassesExactlyThatManyBytesThenCloses() throws Exception {
    try (TestServer server = TestServer.start(s -> {
      s.getOutputStream().write(new byte[100_000]);
      s.getInputStream().readAllBytes();
    })) {
      ProxyControl proxy = engine.newProxy("limited").upstream(server.address()).start();
      proxy.downstream().limitData(DataSize.ofBytes(12_345));
      try (Socket client = Sockets.connect(proxy)) {
        Sockets.ReadResult r = Sockets.readToEnd(client.getInputStream());
        assertThat(r.bytes()).hasSize(12_345);
        assertThat(r.end()).isEqualTo("eof");
      }
      assertThat(proxy.metrics().faults().get("limit_data")).isEqualTo(1);
    }
  }

  @Test
  void limitDataUpstreamLimitsWhatTheServerGets() throws Exception {
    CompletableFuture<Integer> serverGot = new CompletableFuture<>();
    try (TestServer server = TestServer.start(s -> serverGot.complete(s.getInputStream().readAllBytes().length))) {
      ProxyControl proxy = engine.newProxy("limited-up").upstream(server.address()).start();
      proxy.upstream().limitData(DataSize.ofKiB(4));
      try (Socket client = Sockets.connect(proxy)) {
        client.getOutputStream().write(new byte[1000]);
        client.getOutputStream().write(new byte[5000]);
        assertThat(Sockets.readToEnd(client.getInputStream()).end()).isIn("eof", "reset");
      }
      assertThat(serverGot.get(5, TimeUnit.SECONDS)).isEqualTo(4096);
    }
  }
}
