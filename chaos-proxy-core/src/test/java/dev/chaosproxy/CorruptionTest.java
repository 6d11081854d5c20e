package dev.chaosproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The corrupt toxic: injected bytes and flipped bits really change the stream. */
class CorruptionTest {
  private final ChaosEngine engine = ChaosEngine.start();

  @AfterEach
  void close() {
    engine.close();
  }

  private static byte[] message(int size) {
    byte[] b = new byte[size];
    new Random(7).nextBytes(b);
    return b;
  }

  /**
   * Sends {@code sent} through {@code proxy} to a server that returns what it received once the
   * client half-closes.
   */
  private static byte[] roundTrip(ProxyControl proxy, byte[] sent) throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      client.getOutputStream().write(sent);
      client.shutdownOutput();
      return Sockets.readToEnd(client.getInputStream()).bytes();
    }
  }

  @Test
  void injectingAddsRandomBytes() throws Exception {
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("inject").upstream(echo.address()).start();
      proxy.downstream().corrupt(1.0);
      byte[] sent = message(1000);
      byte[] got = roundTrip(proxy, sent);
      assertThat(got.length).isGreaterThan(sent.length);
      assertThat(got).isNotEqualTo(sent);
      assertThat(proxy.metrics().faults().get("corrupt")).isPositive();
    }
  }

  @Test
  void flippingChangesBitsNotLength() throws Exception {
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("flip").upstream(echo.address()).start();
      proxy.upstream().flipBits(1.0);
      byte[] sent = message(1000);
      byte[] got = roundTrip(proxy, sent);
      assertThat(got).hasSize(sent.length).isNotEqualTo(sent);
      int flipped = 0;
      for (int i = 0; i < sent.length; i++) flipped += Integer.bitCount((sent[i] ^ got[i]) & 0xff);
      // One bit per read on the upstream side: as many as reads, far fewer than the bytes.
      assertThat(flipped).isBetween(1, 100);
    }
  }

  @Test
  void probabilityZeroChangesNothing() throws Exception {
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("clean").upstream(echo.address()).start();
      proxy.corrupt(0.0);
      byte[] sent = message(100_000);
      assertThat(roundTrip(proxy, sent)).isEqualTo(sent);
    }
  }

  @Test
  void corruptionReachesTheServerWhenUpstream() throws Exception {
    CompletableFuture<byte[]> received = new CompletableFuture<>();
    try (TestServer sink =
        TestServer.start(s -> received.complete(s.getInputStream().readAllBytes()))) {
      ProxyControl proxy = engine.newProxy("up").upstream(sink.address()).start();
      proxy.upstream().corrupt(1.0);
      byte[] sent = message(500);
      try (Socket client = Sockets.connect(proxy)) {
        OutputStream out = client.getOutputStream();
        out.write(sent);
        client.shutdownOutput();
        InputStream in = client.getInputStream();
        in.read();
      }
      byte[] got = received.get(10, TimeUnit.SECONDS);
      assertThat(Arrays.equals(got, sent)).isFalse();
      assertThat(got.length).isGreaterThan(sent.length);
    }
  }
}
