package dev.chaosproxy;

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

/** The slicer toxic: writes cut into pieces of the configured size. */
class SlicerTest {
  private final ChaosEngine engine = ChaosEngine.start();

  @AfterEach
  void close() {
    engine.close();
  }

  private List<Integer> readSizes(ProxyControl proxy, int total) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    try (Socket client = Sockets.connect(proxy)) {
      InputStream in = client.getInputStream();
      byte[] buf = new byte[65536];
      int got = 0;
      while (got < total) {
        int n = in.read(buf);
        if (n < 0) break;
        sizes.add(n);
        got += n;
      }
    }
    return sizes;
  }

  @Test
  void cutsWritesIntoSlices() throws Exception {
    try (TestServer source = TestServer.start(s -> {
      s.getOutputStream().write(new byte[2000]);
      s.getInputStream().readAllBytes();
    })) {
      ProxyControl proxy = engine.newProxy("sliced").upstream(source.address()).start();
      // A pause between slices keeps the client's reads from coalescing them.
      proxy.downstream().slice(DataSize.ofBytes(100), DataSize.ofBytes(0), Duration.ofMillis(15));
      List<Integer> sizes = readSizes(proxy, 2000);
      assertThat(sizes.stream().mapToInt(i -> i).sum()).isEqualTo(2000);
      // A reader descheduled for longer than the pause (a loaded machine) reads two slices at once;
      // unsliced, the 2000 bytes come in one or two reads.
      assertThat(sizes.stream().filter(n -> n <= 100).count()).as("reads of at most 100 bytes in %s", sizes)
          .isGreaterThanOrEqualTo(16);
    }
  }

  @Test
  void variesSliceSizesWithinTheVariation() throws Exception {
    try (TestServer source = TestServer.start(s -> {
      s.getOutputStream().write(new byte[3000]);
      s.getInputStream().readAllBytes();
    })) {
      ProxyControl proxy = engine.newProxy("varied").upstream(source.address()).start();
      proxy.downstream().slice(DataSize.ofBytes(100), DataSize.ofBytes(60), Duration.ofMillis(10));
      List<Integer> sizes = readSizes(proxy, 3000);
      assertThat(sizes.stream().mapToInt(i -> i).sum()).isEqualTo(3000);
      // As above: a descheduled reader may take two slices in one read, now and then.
      assertThat(sizes.stream().filter(n -> n <= 160).count()).as("reads of at most 160 bytes in %s", sizes)
          .isGreaterThanOrEqualTo(sizes.size() * 8L / 10).isGreaterThanOrEqualTo(15);
      assertThat(sizes.stream().distinct().count()).as("sizes %s", sizes).isGreaterThan(3);
    }
  }
}
