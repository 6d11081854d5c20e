package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How connections end: slow_close and limit_data, on a fake clock. */
class CloseTest {
  private final FakeClock clock = new FakeClock();
  private final ChaosEngine engine = clock.engine;

  @AfterEach
  void close() {
    clock.close();
  }

  @Test
  void slowCloseDelaysTheFinNotTheData() throws Exception {
    try (TestServer server =
        TestServer.start(
            s -> {
              s.getOutputStream().write("bye".getBytes());
              s.shutdownOutput();
              s.getInputStream().readAllBytes();
            })) {
      ProxyControl proxy = engine.newProxy("slow-close").upstream(server.address()).start();
      proxy.downstream().slowClose(Duration.ofMillis(400));
      try (Socket client = Sockets.connect(proxy)) {
        InputStream in = client.getInputStream();
        // The data passes while time stands still (at 0, which is a time like any other).
        assertThat(in.readNBytes(3)).isEqualTo("bye".getBytes());
        await("the upstream's close is held")
            .until(() -> proxy.metrics().faults().getOrDefault("slow_close", 0L) == 1);
        clock.advanceMillis(399);
        assertThat(proxy.connections().get(0).state()).as("at 399 ms").isEqualTo("open");
        clock.advanceMillis(1);
        assertThat(proxy.connections().get(0).state()).as("at 400 ms").isEqualTo("half-closed");
        assertThat(in.read()).isEqualTo(-1);
      }
      assertThat(proxy.metrics().faults().get("slow_close")).as("counted once").isEqualTo(1);
    }
  }

  @Test
  void limitDataPassesExactlyThatManyBytesThenCloses() throws Exception {
    try (TestServer server =
        TestServer.start(
            s -> {
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
    try (TestServer server =
        TestServer.start(s -> serverGot.complete(s.getInputStream().readAllBytes().length))) {
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
