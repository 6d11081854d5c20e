package dev.chaosproxy.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The {@code http} scenario's client: one keep-alive HTTP/1.1 connection on a blocking socket
 * channel, writing pre-built request bytes and parsing the answer itself (status line, {@code
 * Content-Length} or chunked framing), with no HTTP library in the measure. Body bytes are counted
 * and skipped, not copied; the small body is checked byte for byte, a chunked body's framing
 * exactly.
 */
final class HttpWire implements AutoCloseable {
  private static final int BUFFER = 256 * 1024;
  private static final int MAX_LINE = 8 * 1024;

  private final SocketChannel ch;
  private final SocketRegistry sockets;

  /** Bytes read and not yet parsed, between position and limit (always in read mode). */
  private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER);

  private HttpWire(SocketChannel ch, SocketRegistry sockets) {
    this.ch = ch;
    this.sockets = sockets;
    in.limit(0);
  }

  static HttpWire open(InetSocketAddress address, SocketRegistry sockets) throws IOException {
    SocketChannel ch = sockets.add(SocketChannel.open());
    try {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.connect(address);
      return new HttpWire(ch, sockets);
    } catch (IOException | RuntimeException e) {
      sockets.closeAndRemove(ch);
      throw e;
    }
  }

  /** A {@code GET} request's bytes, as a direct buffer to {@link ByteBuffer#rewind()} and send. */
  static ByteBuffer get(String target) {
    byte[] b = bytes(target);
    return ByteBuffer.allocateDirect(b.length).put(b).flip();
  }

  /** The bytes of {@link #get(String)}'s request. */
  static byte[] bytes(String target) {
    return ("GET "
            + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: chaos-proxy-bench\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends {@code request} (from its start) and reads the whole answer; returns the body's length.
   * Fails unless the status is 200 and, when {@code expectedBody} is given, the body is exactly
   * that.
   */
  long exchange(ByteBuffer request, byte[] expectedBody) throws IOException {
    request.rewind();
    while (request.hasRemaining()) ch.write(request);
    return readResponse(expectedBody);
  }

  private long readResponse(byte[] expectedBody) throws IOException {
    // status line
    int eol = line();
    if (eol - in.position() < 12
        || in.get(in.position()) != 'H'
        || in.get(in.position() + 9) != '2'
        || in.get(in.position() + 10) != '0'
        || in.get(in.position() + 11) != '0') {
      throw new IOException("expected HTTP/1.1 200, got '" + text(in.position(), eol) + "'");
    }
    in.position(eol + 1);
    // header fields, up to the blank line
    long contentLength = -1;
    boolean chunked = false;
    while (true) {
      eol = line();
      int start = in.position();
      int end = eol - 1; // at the CR
      if (end <= start) {
        in.position(eol + 1);
        break;
      }
      if (startsWithIgnoreCase(start, end, "content-length:")) {
        contentLength = Long.parseLong(text(start + 15, end).trim());
      } else if (startsWithIgnoreCase(start, end, "transfer-encoding:")) {
        chunked = text(start + 18, end).trim().equalsIgnoreCase("chunked");
      }
      in.position(eol + 1);
    }
    if (chunked) return chunkedBody();
    if (contentLength < 0)
      throw new IOException("an answer with neither Content-Length nor chunked");
    if (expectedBody != null) {
      if (contentLength != expectedBody.length)
        throw new IOException(
            "expected a "
                + expectedBody.length
                + "-byte body, got Content-Length "
                + contentLength);
      for (int i = 0; i < expectedBody.length; i++) {
        if (!in.hasRemaining()) fill();
        if (in.get() != expectedBody[i]) throw new IOException("the body differs at byte " + i);
      }
      return contentLength;
    }
    skip(contentLength);
    return contentLength;
  }

  /** A chunked body: chunk sizes parsed, data skipped, CRLFs checked, no trailers expected. */
  private long chunkedBody() throws IOException {
    long total = 0;
    while (true) {
      int eol = line();
      int start = in.position();
      int end = eol - 1;
      long size = 0;
      int digits = 0;
      for (int i = start; i < end; i++) {
        int d = Character.digit(in.get(i), 16);
        if (d < 0) break; // a chunk extension
        size = size * 16 + d;
        digits++;
      }
      if (digits == 0) throw new IOException("bad chunk size line '" + text(start, end) + "'");
      in.position(eol + 1);
      if (size == 0) {
        // trailers, then the blank line
        while (true) {
          eol = line();
          boolean blank = eol - 1 == in.position();
          in.position(eol + 1);
          if (blank) return total;
        }
      }
      skip(size);
      total += size;
      eol = line();
      if (eol - 1 != in.position())
        throw new IOException("chunk data not followed by CRLF after " + total + " body bytes");
      in.position(eol + 1);
    }
  }

  /** Skips {@code n} body bytes, reading as needed. */
  private void skip(long n) throws IOException {
    while (n > 0) {
      if (!in.hasRemaining()) {
        in.clear();
        if (ch.read(in) < 0)
          throw new EOFException("the connection closed with " + n + " body bytes to go");
        in.flip();
      }
      int k = (int) Math.min(n, in.remaining());
      in.position(in.position() + k);
      n -= k;
    }
  }

  /**
   * The index of the next '\n' (the line is then in the buffer from position), reading more as
   * needed.
   */
  private int line() throws IOException {
    int from = in.position();
    while (true) {
      for (int i = from; i < in.limit(); i++) {
        if (in.get(i) == '\n') {
          if (i == in.position() || in.get(i - 1) != '\r')
            throw new IOException("a line not ended by CRLF: '" + text(in.position(), i) + "'");
          return i;
        }
      }
      if (in.remaining() > MAX_LINE) throw new IOException("a line over " + MAX_LINE + " bytes");
      from = in.limit() - in.position();
      fill();
    }
  }

  /** Keeps the unparsed bytes (moved to the buffer's start) and reads more after them. */
  private void fill() throws IOException {
    in.compact();
    int n = ch.read(in);
    in.flip();
    if (n < 0) throw new EOFException("the connection closed in the middle of an answer");
  }

  private boolean startsWithIgnoreCase(int start, int end, String prefix) {
    if (end - start < prefix.length()) return false;
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase((char) in.get(start + i)) != prefix.charAt(i)) return false;
    }
    return true;
  }

  private String text(int start, int end) {
    StringBuilder sb = new StringBuilder(Math.max(0, end - start));
    for (int i = start; i < end; i++) sb.append((char) (in.get(i) & 0xff));
    return sb.toString();
  }

  @Override
  public void close() {
    sockets.closeAndRemove(ch);
  }
}
