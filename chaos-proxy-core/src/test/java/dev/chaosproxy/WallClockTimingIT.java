package dev.chaosproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A few timing checks on real time and real sockets, with the system clock, which the fake-clock
 * tests of each toxic cannot make: the loop's timers and select timeouts keep up with the wall
 * clock, and a rate holds with TCP in the path. Run by failsafe; the bounds are loose on purpose.
 */
class WallClockTimingIT {
  private final ChaosEngine engine = ChaosEngine.start();

  @AfterEach
  void close() {
    engine.close();
  }

  private static TestServer serving(int size) {
    return TestServer.start(
        s -> {
          s.getOutputStream().write(new byte[size]);
          s.shutdownOutput();
          s.getInputStream().readAllBytes();
        });
  }

  @Test
  void latencyDelaysRoundTrips() throws Exception {
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("db").upstream(echo.address()).start();
      try (Socket client = Sockets.connect(proxy)) {
        assertThat(Timing.medianRoundTripMillis(client, 5)).isLessThan(20);
        proxy.downstream().delay(Duration.ofMillis(100));
        assertThat(Timing.medianRoundTripMillis(client, 7)).isBetween(99.0, 140.0);
      }
    }
  }

  @Test
  void bulkDataIsPipelinedNotStopAndWait() throws Exception {
    int size = 16 * 1024 * 1024;
    try (TestServer source = serving(size)) {
      ProxyControl bulk = engine.newProxy("bulk").upstream(source.address()).start();
      bulk.downstream().delay(Duration.ofMillis(50));
      try (Socket client = Sockets.connect(bulk)) {
        long start = System.nanoTime();
        Sockets.ReadResult r = Sockets.readToEnd(client.getInputStream());
        double ms = Timing.millisSince(start);
        assertThat(r.bytes()).hasSize(size);
        // Stop-and-wait over 64 KiB reads would take 256 x 50 ms = 12.8 s.
        assertThat(ms).isBetween(49.0, 3000.0);
      }
    }
  }

  @Test
  void bandwidthCapsTheRate() throws Exception {
    long rate = 4_000_000;
    int size = 6_000_000;
    try (TestServer source = serving(size)) {
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
        // the cap is the upper bound; a proxy starved of CPU by a busy machine is only slower, so
        // the lower bound is generous (the fake-clock tests pin the rate's precision)
        assertThat(measured)
            .as("measured %.0f bytes/s over %.2f s", measured, seconds)
            .isBetween(rate * 0.70, rate * 1.10);
      }
    }
  }

  @Test
  void slicerPausesKeepAReadersReadsSmall() throws Exception {
    try (TestServer source = serving(2000)) {
      ProxyControl proxy = engine.newProxy("sliced").upstream(source.address()).start();
      proxy.downstream().slice(DataSize.ofBytes(100), DataSize.ofBytes(0), Duration.ofMillis(15));
      List<Integer> sizes = new ArrayList<>();
      try (Socket client = Sockets.connect(proxy)) {
        InputStream in = client.getInputStream();
        byte[] buf = new byte[65536];
        for (int got = 0, n; got < 2000 && (n = in.read(buf)) >= 0; got += n) sizes.add(n);
      }
      assertThat(sizes.stream().mapToInt(i -> i).sum()).isEqualTo(2000);
      // A reader descheduled for longer than the pause (a loaded machine) reads two slices at once.
      assertThat(sizes.stream().filter(n -> n <= 100).count())
          .as("reads of at most 100 bytes in %s", sizes)
          .isGreaterThanOrEqualTo(16);
    }
  }

  @Test
  void timeoutClosesAfterItsTime() throws Exception {
    try (TestServer server = TestServer.start(s -> s.getInputStream().readAllBytes())) {
      ProxyControl proxy = engine.newProxy("timeout").upstream(server.address()).start();
      proxy.upstream().timeout(Duration.ofMillis(300));
      try (Socket client = Sockets.connect(proxy)) {
        long start = System.nanoTime();
        client.getOutputStream().write(new byte[1000]);
        assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("eof");
        assertThat(Timing.millisSince(start)).isBetween(250.0, 2000.0);
      }
    }
  }

  @Test
  void slowConnectDelaysTheUpstreamConnect() throws Exception {
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("svc").upstream(echo.address()).start();
      proxy.slowConnect(Duration.ofMillis(300));
      long start = System.nanoTime();
      try (Socket client = Sockets.connect(proxy)) {
        Timing.roundTrip(client);
        assertThat(Timing.millisSince(start)).isBetween(290.0, 2000.0);
        assertThat(Timing.medianRoundTripMillis(client, 3)).isLessThan(50);
      }
    }
  }
}
