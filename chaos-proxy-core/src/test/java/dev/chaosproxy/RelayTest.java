package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plain relay, without chaos: bytes, half-close, resets, failures, backpressure, lifecycle. */
class RelayTest {
  private final ChaosEngine engine = ChaosEngine.builder().eventLoops(2).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void relaysBothWays() throws Exception {
    try (TestServer upstream = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("echo").upstream(upstream.address()).start();
      assertThat(proxy.port()).isPositive();
      try (Socket client = Sockets.connect(proxy)) {
        client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
        assertThat(client.getInputStream().readNBytes(4))
            .isEqualTo("ping".getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  @Test
  void halfClosedUploadStillGetsItsAnswer() throws Exception {
    // The server reads the whole request (until FIN), then answers: Toxiproxy drops this.
    try (TestServer upstream =
        TestServer.start(
            s -> {
              byte[] request = s.getInputStream().readAllBytes();
              s.getOutputStream()
                  .write(("got " + request.length).getBytes(StandardCharsets.US_ASCII));
              s.shutdownOutput();
            })) {
      ProxyControl proxy = engine.newProxy("upload").upstream(upstream.address()).start();
      try (Socket client = Sockets.connect(proxy)) {
        client.getOutputStream().write(new byte[100_000]);
        client.shutdownOutput();
        Sockets.ReadResult answer = Sockets.readToEnd(client.getInputStream());
        assertThat(new String(answer.bytes(), StandardCharsets.US_ASCII)).isEqualTo("got 100000");
        assertThat(answer.end()).isEqualTo("eof");
      }
    }
  }

  @Test
  void serverHalfCloseLetsTheClientKeepSending() throws Exception {
    // The server says hello and closes its side, then still counts what the client sends.
    CompletableFuture<Integer> counted = new CompletableFuture<>();
    try (TestServer upstream =
        TestServer.start(
            s -> {
              s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
              s.shutdownOutput();
              counted.complete(s.getInputStream().readAllBytes().length);
            })) {
      ProxyControl proxy = engine.newProxy("server-fin").upstream(upstream.address()).start();
      try (Socket client = Sockets.connect(proxy)) {
        Sockets.ReadResult greeting = Sockets.readToEnd(client.getInputStream());
        assertThat(greeting.end()).isEqualTo("eof");
        assertThat(new String(greeting.bytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        client.getOutputStream().write(new byte[50_000]);
        client.shutdownOutput();
        assertThat(counted.get(10, TimeUnit.SECONDS)).isEqualTo(50_000);
      }
    }
  }

  @Test
  void clientResetIsForwardedAsReset() throws Exception {
    CompletableFuture<String> upstreamSaw = new CompletableFuture<>();
    try (TestServer upstream =
        TestServer.start(
            s -> {
              s.setSoTimeout(10_000);
              InputStream in = s.getInputStream();
              in.readNBytes(1);
              upstreamSaw.complete(Sockets.readOutcome(in));
            })) {
      ProxyControl proxy = engine.newProxy("rst").upstream(upstream.address()).start();
      Socket client = Sockets.connect(proxy);
      client.getOutputStream().write(1);
      await("the first byte reached the upstream")
          .until(() -> proxy.metrics().bytesUpstream() == 1);
      client.setSoLinger(true, 0);
      client.close(); // RST
      assertThat(upstreamSaw.get(10, TimeUnit.SECONDS)).isEqualTo("reset");
    }
  }

  @Test
  void upstreamResetIsForwardedAsReset() throws Exception {
    try (TestServer upstream =
        TestServer.start(
            s -> {
              s.getInputStream().readNBytes(1);
              s.setSoLinger(true, 0);
              s.close();
            })) {
      ProxyControl proxy = engine.newProxy("rst-up").upstream(upstream.address()).start();
      try (Socket client = Sockets.connect(proxy)) {
        client.getOutputStream().write(1);
        assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("reset");
      }
    }
  }

  @Test
  void refusedUpstreamResetsTheClientPromptlyAndIsCounted() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ProxyControl proxy = engine.newProxy("refused").upstream("127.0.0.1:" + closedPort).start();
    long start = System.nanoTime();
    assertThat(Sockets.connectAndRead(proxy)).isEqualTo("reset");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    await("the failure is counted").until(() -> proxy.metrics().upstreamFailures() == 1);
    assertThat(proxy.metrics().connectionsActive()).isZero();
  }

  @Test
  void upstreamThatNeverAcceptsTimesOutAndResetsTheClient() throws Exception {
    // A listener whose accept queue is full drops SYNs: connects to it hang until our timeout.
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket f = new Socket();
          try {
            f.connect(full.getLocalSocketAddress(), 200);
          } catch (java.net.SocketTimeoutException e) {
            f.close();
            break; // the queue is full
          }
          fillers.add(f);
        }
        FakeClock clock = new FakeClock();
        try (clock) {
          ProxyControl proxy =
              clock
                  .engine
                  .newProxy("blackholed")
                  .upstream("127.0.0.1:" + full.getLocalPort())
                  .connectTimeout(Duration.ofMillis(300))
                  .start();
          try (Socket client = Sockets.connect(proxy)) {
            await("the connection is listed").until(() -> proxy.connections().size() == 1);
            clock.advanceMillis(299);
            assertThat(proxy.metrics().upstreamFailures()).as("failures at 299 ms").isZero();
            clock.advanceMillis(1);
            assertThat(proxy.metrics().upstreamFailures()).as("failures at 300 ms").isEqualTo(1);
            assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("reset");
          }
        }
      } finally {
        for (Socket f : fillers) f.close();
      }
    }
  }

  @Test
  void unresolvableUpstreamResetsTheClient() throws Exception {
    ProxyControl proxy = engine.newProxy("nowhere").upstream("no-such-host.invalid:80").start();
    assertThat(Sockets.connectAndRead(proxy)).isEqualTo("reset");
    await("the failure is counted").until(() -> proxy.metrics().upstreamFailures() == 1);
  }

  @Test
  void slowReaderMakesTheSenderWaitInsteadOfTheProxyBuffering() throws Exception {
    CompletableFuture<Void> release = new CompletableFuture<>();
    try (TestServer upstream =
        TestServer.start(
            s -> {
              release.get(30, TimeUnit.SECONDS); // do not read yet
              s.getInputStream().readAllBytes();
            })) {
      ProxyControl proxy = engine.newProxy("slow-reader").upstream(upstream.address()).start();
      AtomicLong sent = new AtomicLong();
      try (Socket client = Sockets.connect(proxy)) {
        OutputStream out = client.getOutputStream();
        CompletableFuture<Void> writer =
            CompletableFuture.runAsync(
                () -> {
                  byte[] block = new byte[64 * 1024];
                  try {
                    for (int i = 0; i < 4096; i++) { // up to 256 MiB, far more than any buffer
                      out.write(block);
                      sent.addAndGet(block.length);
                    }
                  } catch (Exception e) {
                    // closed at the end of the test
                  }
                });
        // Wait until the sender is stuck: no progress over half a second.
        long last = -1;
        while (sent.get() != last) {
          last = sent.get();
          TimeUnit.MILLISECONDS.sleep(
              500); // observing progress over an interval, not synchronizing
        }
        // Kernel buffers on four sockets plus the proxy's 64 KiB: a few MiB, never the 256 MiB.
        assertThat(sent.get()).isLessThan(48L * 1024 * 1024);
        assertThat(writer).isNotDone();
        release.complete(null);
        client.close();
      }
    }
  }

  @Test
  void manyProxiesShareOneEngineAndAFixedPortCanBeReused() throws Exception {
    try (TestServer upstream = TestServer.echo()) {
      List<ProxyControl> proxies = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        proxies.add(engine.newProxy("p" + i).upstream(upstream.address()).start());
      }
      assertThat(proxies.stream().map(ProxyControl::port).distinct()).hasSize(20);
      assertThat(engine.proxies()).hasSize(20);
      for (ProxyControl p : proxies) {
        try (Socket c = Sockets.connect(p)) {
          c.getOutputStream().write(7);
          assertThat(c.getInputStream().read()).isEqualTo(7);
        }
      }
      int port = proxies.get(0).port();
      proxies.get(0).close();
      assertThat(engine.proxy("p0")).isEmpty();
      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
          .isInstanceOf(ConnectException.class);
      ProxyControl again =
          engine.newProxy("p0").listen("127.0.0.1:" + port).upstream(upstream.address()).start();
      assertThat(again.port()).isEqualTo(port);
    }
  }

  @Test
  void clearErrorsForBadSetup() throws Exception {
    assertThatThrownBy(() -> engine.newProxy("bad").upstream("localhost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> engine.newProxy("bad").upstream("localhost:70000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 65535");
    assertThatThrownBy(() -> engine.newProxy("has space"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proxy name");
    engine.newProxy("dup").start();
    assertThatThrownBy(() -> engine.newProxy("dup").start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () -> engine.newProxy("taken").listen("127.0.0.1:" + taken.getLocalPort()).start())
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
      assertThat(engine.proxy("taken")).isEmpty();
    }
  }

  @Test
  void proxyWithoutUpstreamResetsClientsUntilRetargeted() throws Exception {
    try (TestServer upstream = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("late").start();
      assertThat(proxy.target()).isNull();
      assertThat(Sockets.connectAndRead(proxy)).isEqualTo("reset");
      proxy.retarget(upstream.address());
      try (Socket c = Sockets.connect(proxy)) {
        c.getOutputStream().write(9);
        assertThat(c.getInputStream().read()).isEqualTo(9);
      }
    }
  }

  @Test
  void listenAddressWithPortZeroReportsTheRealPort() {
    ProxyControl proxy = engine.newProxy("ephemeral").listen("127.0.0.1:0").start();
    assertThat(proxy.address())
        .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()));
    assertThat(proxy.host()).isEqualTo("127.0.0.1");
  }
}
