package dev.chaosproxy.junit5.testing;

import dev.chaosproxy.ProxyControl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Client-side helpers: a round trip through a proxy, whether a port still listens. */
public final class Net {
  private Net() {}

  /**
   * Sends {@code message} through {@code proxy} and returns what came back (an echo upstream
   * returns it).
   */
  public static String roundTrip(ProxyControl proxy, String message) {
    return roundTrip(proxy.host(), proxy.port(), message);
  }

  public static String roundTrip(String host, int port, String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 5_000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(bytes);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      byte[] got = new byte[bytes.length];
      int n = 0;
      while (n < got.length) {
        int r = in.read(got, n, got.length - n);
        if (r < 0) break;
        n += r;
      }
      return new String(got, 0, n, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "round trip through " + host + ":" + port + " failed: " + e, e);
    }
  }

  /** Whether something accepts connections on {@code 127.0.0.1:port}. */
  public static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
