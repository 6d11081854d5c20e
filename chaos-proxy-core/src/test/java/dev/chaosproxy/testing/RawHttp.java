package dev.chaosproxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** HTTP written by hand on a socket: for requests no client library would send. */
public final class RawHttp {
  private RawHttp() {}

  /**
   * An answer as it arrived: the status line's code, the header block, the body, and the time it
   * took.
   */
  public record Answer(int status, String head, String body, Duration took) {
    public boolean json() {
      return head.toLowerCase(Locale.ROOT).contains("content-type: application/json")
          && body.startsWith("{\"error\":")
          && body.contains("\"status\":" + status);
    }

    @Override
    public String toString() {
      return head + "\r\n\r\n" + body + " (" + took.toMillis() + " ms)";
    }
  }

  public static Socket open(InetSocketAddress api) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.connect(api, 5_000);
    return s;
  }

  /** Sends {@code request} on a new connection and reads one answer. */
  public static Answer send(InetSocketAddress api, byte[] request) throws IOException {
    try (Socket s = open(api)) {
      long start = System.nanoTime();
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      return read(s.getInputStream(), start);
    }
  }

  public static Answer send(InetSocketAddress api, String request) throws IOException {
    return send(api, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Reads one answer (headers, then Content-Length bytes of body). */
  public static Answer read(InputStream in, long startNanos) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("closed before an answer; got '" + head + "'");
      head.write(b);
    }
    String h = head.toString(StandardCharsets.ISO_8859_1).trim();
    int status = Integer.parseInt(h.substring(9, 12));
    int length = 0;
    for (String line : h.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
        length = Integer.parseInt(line.substring(15).trim());
    }
    byte[] body = in.readNBytes(length);
    return new Answer(
        status,
        h,
        new String(body, StandardCharsets.UTF_8),
        Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** Whether nothing arrives on {@code s} (no answer, no close) for {@code time}. */
  public static boolean silentFor(Socket s, Duration time) throws IOException {
    s.setSoTimeout((int) time.toMillis());
    try {
      s.getInputStream().read();
      return false;
    } catch (SocketTimeoutException expected) {
      return true;
    } finally {
      s.setSoTimeout(20_000);
    }
  }

  /** Whether the server has closed {@code s}: a read ends (EOF or reset) within {@code within}. */
  public static boolean closedBy(Socket s, Duration within) {
    try {
      s.setSoTimeout((int) within.toMillis());
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // drain an answer, if any
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }
}
