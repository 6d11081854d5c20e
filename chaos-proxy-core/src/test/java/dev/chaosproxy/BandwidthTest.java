package dev.chaosproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bandwidth toxic: rates measured over at least a second, and rate 0. */
class BandwidthTest {
  private final ChaosEngine engine = ChaosEngine.start();

  @AfterEach
  void close() {
    engine.close();
  }

  @ParameterizedTest(name = "{0} bytes/s")
  @CsvSource({"20000, 30000", "4000000, 6000000"})
  void capsTheRate(long rate, int size) throws Exception {
    try (TestServer source = TestServer.start(s -> {
      s.getOutputStream().write(new byte[size]);
      s.shutdownOutput();
      s.getInputStream().readAllBytes();
    })) {
      ProxyControl proxy = engine.newProxy("slow").upstream(source.address()).start();
      proxy.downstream().throttle(DataSize.ofBytes(rate));
      try (Socket client = Sockets.connect(proxy)) {
        InputStream in = client.getInputStream();
        in.read(); // the clock starts at the first byte
        long start = System.nanoTime();
        Sockets.ReadResult rest = Sockets.readToEnd(in);
        double seconds = Timing.millisSince(start) / 1000;
        assertThat(rest.bytes().length).isEqualTo(size - 1);
        double measured = (size - 1) / seconds;
        assertThat(measured).as("measured %.0f bytes/s over %.2f s", measured, seconds)
            .isBetween(rate * 0.90, rate * 1.10);
      }
    }
  }

  @Test
  void rateZeroLetsNothingThroughUntilRemoved() throws Exception {
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("zero").upstream(echo.address()).start();
      proxy.upstream().throttle(DataSize.ofBytes(0));
      try (Socket client = Sockets.connect(proxy)) {
        client.setSoTimeout(300);
        client.getOutputStream().write(5);
        try {
          client.getInputStream().read();
          throw new AssertionError("a byte passed a zero-rate throttle");
        } catch (SocketTimeoutException expected) {
          // nothing passed
        }
        assertThat(echo.acceptedCount()).isEqualTo(1);
        assertThat(proxy.metrics().bytesUpstream()).isZero();
        proxy.upstream().clear();
        client.setSoTimeout(5000);
        assertThat(client.getInputStream().read()).isEqualTo(5);
      }
    }
  }

  @Test
  void toxiproxyRateIsInKilobytesPerSecond() {
    Toxic t = Toxic.of(ToxicType.BANDWIDTH, Direction.DOWNSTREAM, java.util.Map.of("rate", 5));
    assertThat(t.attributes()).containsEntry("rate", 5L).containsEntry("rate_bytes", 5000L);
  }
}
