package dev.chaosproxy;

import static dev.chaosproxy.Direction.DOWNSTREAM;
import static dev.chaosproxy.FakeClock.written;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The slicer toxic on a fake clock: writes cut into pieces of the configured size, one per pause.
 * WallClockTimingIT checks the pieces a reader sees on real time.
 */
class SlicerTest {
  private final FakeClock clock = new FakeClock();

  @AfterEach
  void close() {
    clock.close();
  }

  /**
   * Serves {@code total} bytes through a slicer and returns the slices the client read: exactly one
   * each time the pause ends, nothing a millisecond before.
   */
  private List<Integer> slices(int total, long pauseMillis, Slice slice) throws Exception {
    try (TestServer source =
        TestServer.start(
            s -> {
              s.getOutputStream().write(new byte[total]);
              s.getInputStream().readAllBytes();
            })) {
      ProxyControl proxy = clock.engine.newProxy("sliced").upstream(source.address()).start();
      slice.apply(proxy);
      List<Integer> sizes = new ArrayList<>();
      try (Socket client = Sockets.connect(proxy)) {
        InputStream in = client.getInputStream();
        clock.awaitRead(proxy, DOWNSTREAM, total);
        long got = 0;
        while (true) {
          long now = written(proxy, DOWNSTREAM);
          int n = (int) (now - got);
          assertThat(in.readNBytes(n)).hasSize(n);
          assertThat(in.available()).as("bytes past the slice").isZero();
          sizes.add(n);
          got = now;
          if (got == total) return sizes;
          clock.advanceMillis(pauseMillis - 1);
          assertThat(written(proxy, DOWNSTREAM))
              .as("written before the pause ended")
              .isEqualTo(got);
          clock.advanceMillis(1);
        }
      }
    }
  }

  @FunctionalInterface
  private interface Slice {
    void apply(ProxyControl proxy);
  }

  @Test
  void cutsWritesIntoSlices() throws Exception {
    List<Integer> sizes =
        slices(
            2000,
            15,
            p ->
                p.downstream()
                    .slice(DataSize.ofBytes(100), DataSize.ofBytes(0), Duration.ofMillis(15)));
    assertThat(sizes.stream().mapToInt(i -> i).sum()).isEqualTo(2000);
    // A slice ends early only where a read of the proxy's ended.
    assertThat(sizes)
        .as("slices")
        .allSatisfy(n -> assertThat(n).isBetween(1, 100))
        .hasSizeGreaterThanOrEqualTo(20);
  }

  @Test
  void variesSliceSizesWithinTheVariation() throws Exception {
    List<Integer> sizes =
        slices(
            3000,
            10,
            p ->
                p.downstream()
                    .slice(DataSize.ofBytes(100), DataSize.ofBytes(60), Duration.ofMillis(10)));
    assertThat(sizes.stream().mapToInt(i -> i).sum()).isEqualTo(3000);
    assertThat(sizes)
        .as("slices")
        .allSatisfy(n -> assertThat(n).isBetween(1, 160))
        .hasSizeGreaterThanOrEqualTo(19);
    assertThat(sizes.stream().filter(n -> n >= 40).count())
        .as("slices of at least 40 bytes in %s", sizes)
        .isGreaterThanOrEqualTo(sizes.size() * 8L / 10);
    assertThat(sizes.stream().distinct().count()).as("sizes %s", sizes).isGreaterThan(3);
  }
}
