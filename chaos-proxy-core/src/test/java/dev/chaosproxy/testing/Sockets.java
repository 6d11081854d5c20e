package dev.chaosproxy.testing;

import dev.chaosproxy.ProxyControl;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** Small client-side helpers for talking through a proxy. */
public final class Sockets {
  private Sockets() {}

  /** A client connected to {@code proxy}, with a 10 s read timeout so a test never hangs. */
  public static Socket connect(ProxyControl proxy) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(10_000);
    s.connect(new InetSocketAddress(proxy.host(), proxy.port()), 5_000);
    return s;
  }

  /**
   * Connects to {@code proxy} and reads once: how that ended. A proxy that resets at once may do so
   * before the client's connect call has returned, so a reset then counts as well.
   */
  public static String connectAndRead(ProxyControl proxy) throws IOException {
    Socket s;
    try {
      s = connect(proxy);
    } catch (SocketException e) {
      if (e.getMessage() != null && e.getMessage().toLowerCase().contains("reset")) return "reset";
      throw e;
    }
    try (s) {
      return readOutcome(s.getInputStream());
    }
  }

  /** How a read ended: {@code data}, {@code eof}, {@code reset} or {@code timeout}. */
  public static String readOutcome(InputStream in) {
    try {
      int b = in.read();
      return b < 0 ? "eof" : "data";
    } catch (SocketTimeoutException e) {
      return "timeout";
    } catch (SocketException e) {
      return e.getMessage() != null && e.getMessage().toLowerCase().contains("reset")
          ? "reset"
          : "error: " + e.getMessage();
    } catch (IOException e) {
      return "error: " + e;
    }
  }

  /** Reads until EOF (or reset), returning the bytes read and whether it ended by a reset. */
  public static ReadResult readToEnd(InputStream in) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
      return new ReadResult(out.toByteArray(), "eof");
    } catch (SocketTimeoutException e) {
      return new ReadResult(out.toByteArray(), "timeout");
    } catch (IOException e) {
      return new ReadResult(out.toByteArray(), "reset");
    }
  }

  /** What {@link #readToEnd} saw. */
  public record ReadResult(byte[] bytes, String end) {}
}
