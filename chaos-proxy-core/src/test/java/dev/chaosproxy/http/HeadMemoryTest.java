package dev.chaosproxy.http;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.internal.relay.MemoryBudget;
import dev.chaosproxy.testing.PeakSampler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Heads an HTTP proxy holds count against the engine's memory budget: clients that send big heads
 * and do not finish them cannot make the proxy run out of heap, and none of them waits forever.
 */
class HeadMemoryTest {
  private static final int BUDGET = 256 * 1024;
  private static final int CLIENTS = 30;
  private static final int PAD = 48 * 1024;

  private final ChaosEngine engine =
      ChaosEngine.builder().eventLoops(1).memoryBudget(DataSize.ofBytes(BUDGET)).build();
  private final Backend backend;
  private final ProxyControl api;
  private final List<Socket> sockets = new ArrayList<>();

  HeadMemoryTest() throws IOException {
    backend = new Backend(CLIENTS + 4); // one thread per client: the backend waits on each head
    api = engine.newProxy("api").http().upstream(backend.address()).start();
    api.http().on("POST", "/pay").respond(503); // a fault: every head is held until it is whole
  }

  @AfterEach
  void close() throws IOException {
    for (Socket s : sockets) s.close();
    engine.close();
    backend.close();
  }

  @Test
  void bigUnfinishedHeadsCountAgainstTheBudgetAndPassAsRawPastIt() throws Exception {
    byte[] start = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Pad: ".getBytes(StandardCharsets.US_ASCII);
    byte[] pad = new byte[PAD];
    Arrays.fill(pad, (byte) 'a');
    MemoryBudget budget = Engines.core(engine).budget();
    PeakSampler peak = PeakSampler.watch(budget::held);
    long sent = 0;
    try {
      for (int i = 0; i < CLIENTS; i++) {
        Socket s = new Socket(api.host(), api.port());
        s.setSoTimeout(10_000);
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        out.write(start);
        out.write(pad); // fits the loopback socket buffers: the write returns though unread
        out.flush();
        sent += start.length + pad.length;
      }
      long total = sent;
      // none waits forever on the budget: each is read whole, held or passed as raw TCP
      await("every head byte was read").until(() -> api.metrics().receivedUpstream() == total);
    } finally {
      peak.close();
    }
    assertThat(api.metrics().http().rawConnections())
        .as("connections passed as raw TCP past the budget")
        .isPositive();
    assertThat(peak.peak())
        .as("peak bytes held")
        .isGreaterThanOrEqualTo(BUDGET / 2) // the heads count
        .isLessThanOrEqualTo(BUDGET + 2L * CLIENTS * MemoryBudget.FLOOR);

    // a small request still gets through, and so does each big one once it is finished
    try (Socket small = new Socket(api.host(), api.port())) {
      small.setSoTimeout(10_000);
      small
          .getOutputStream()
          .write("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
      assertThat(answer(small)).startsWith("HTTP/1.1 200").endsWith("hello");
    }
    for (Socket s : sockets) s.getOutputStream().write("\r\nConnection: close\r\n\r\n".getBytes());
    for (Socket s : sockets) assertThat(answer(s)).startsWith("HTTP/1.1 200").endsWith("hello");
    for (Socket s : sockets) s.close();
    await("the budget is free after the connections ended")
        .untilAsserted(
            () -> {
              assertThat(budget.held()).as("bytes held").isZero();
              assertThat(budget.holders()).as("flows holding").isZero();
            });
  }

  private static String answer(Socket s) throws IOException {
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }
}
