package dev.chaosproxy.testcontainers.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ProxyControl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A client of a proxy in front of an echo server, as the contract sees it: only the proxy's host
 * and port, so it is the same whether the proxy is in this JVM or behind Docker's port proxy (which
 * accepts for a container, and turns a refused or reset connection there into a close or a reset).
 */
final class Client implements AutoCloseable {
  /** How long a read waits before the test calls the peer silent. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private final Socket socket;

  private Client(Socket socket) {
    this.socket = socket;
  }

  static Client connect(ProxyControl proxy) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(proxy.host(), proxy.port()), 5_000);
      s.setSoTimeout((int) READ_TIMEOUT.toMillis());
      s.setTcpNoDelay(true);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    return new Client(s);
  }

  /** Sends {@code data} and reads as many bytes back. */
  byte[] roundTrip(byte[] data) throws IOException {
    Thread writer = null;
    if (data.length > 32 * 1024) {
      // Large: write while reading, so neither side's buffers fill up.
      writer =
          new Thread(
              () -> {
                try {
                  socket.getOutputStream().write(data);
                } catch (IOException ignored) {
                  // the read below fails and says so
                }
              });
      writer.start();
    } else {
      send(data);
    }
    byte[] got = socket.getInputStream().readNBytes(data.length);
    if (writer != null) {
      try {
        writer.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (got.length < data.length) {
      throw new IOException(
          "the connection ended after " + got.length + " of " + data.length + " echoed bytes");
    }
    return got;
  }

  /** The time one small round trip takes, in milliseconds. */
  double roundTripMillis() throws IOException {
    long start = System.nanoTime();
    assertThat(roundTrip(new byte[] {42})).containsExactly(42);
    return (System.nanoTime() - start) / 1e6;
  }

  /** The median of three round trips, in milliseconds. */
  double medianRoundTripMillis() throws IOException {
    double[] t = {roundTripMillis(), roundTripMillis(), roundTripMillis()};
    Arrays.sort(t);
    return t[1];
  }

  void send(byte[] data) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(data);
    out.flush();
  }

  /** Reads exactly {@code n} bytes. */
  byte[] read(int n) throws IOException {
    byte[] got = socket.getInputStream().readNBytes(n);
    if (got.length < n)
      throw new IOException("the connection ended after " + got.length + " of " + n + " bytes");
    return got;
  }

  /**
   * Everything until the connection ends (EOF or a reset); fails if it does not end within the read
   * timeout.
   */
  byte[] readUntilEnd() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) all.write(buf, 0, n);
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "the connection did not end within "
              + READ_TIMEOUT.toMillis()
              + " ms; "
              + all.size()
              + " bytes came",
          e);
    } catch (IOException reset) {
      // ended by a reset
    }
    return all.toByteArray();
  }

  /** Asserts that the connection ends (EOF or reset) without another byte arriving. */
  void assertEndsWithoutData() throws IOException {
    assertThat(readUntilEnd()).as("bytes that arrived before the connection ended").isEmpty();
  }

  /** Asserts that nothing arrives within {@code wait} while the connection stays open. */
  void assertSilentFor(Duration wait) throws IOException {
    socket.setSoTimeout((int) wait.toMillis());
    try {
      int b = socket.getInputStream().read();
      throw new AssertionError(
          b < 0
              ? "the connection ended; it should have stayed open and silent"
              : "a byte arrived; the connection should have been silent");
    } catch (SocketTimeoutException expected) {
      // silent and open
    } finally {
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
    }
  }

  /**
   * Asserts that a new client of {@code proxy} gets no service: its connect is refused
   * (in-process), or it is accepted by Docker's port proxy and then closed or reset without an
   * echo.
   */
  static void assertNoService(ProxyControl proxy) throws IOException {
    Client c;
    try {
      c = connect(proxy);
    } catch (IOException refused) {
      return;
    }
    try (c) {
      try {
        c.send(new byte[] {1});
      } catch (IOException reset) {
        return;
      }
      c.assertEndsWithoutData();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
