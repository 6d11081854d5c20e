package dev.chaosproxy.internal.api.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads HTTP/1.x requests from whatever bytes have arrived, a piece at a time, so that a slow
 * client costs a little memory and no thread. Strict where a lenient reading would be a guess: a
 * line that is not a request line, a header without a colon, conflicting or unknown framing and a
 * malformed chunk are refused at once with a 400 (a 431, 414, 413, 417 or 505 where one fits),
 * never left to time out.
 */
final class RequestParser {
  private enum State {
    LINE,
    HEADERS,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS
  }

  private final Limits limits;
  private State state = State.LINE;

  /** The line being read; grows up to the header line limit. */
  private byte[] line = new byte[256];

  private int lineLength;
  private boolean started;
  private int headerBytes;

  private String method;
  private String target;
  private int minor;
  private List<String[]> headers = new ArrayList<>();
  private boolean expectContinue;

  private byte[] body;
  private int bodyLength;
  private long chunkLeft;

  RequestParser(Limits limits) {
    this.limits = limits;
  }

  /** Whether a byte of the next request has arrived. */
  boolean started() {
    return started;
  }

  /** Whether the request's headers are complete and its body is being read. */
  boolean readingBody() {
    return state != State.LINE && state != State.HEADERS;
  }

  /** True once, as the headers of a request that sent {@code Expect: 100-continue} complete. */
  boolean takeExpectContinue() {
    boolean e = expectContinue && readingBody();
    if (e) expectContinue = false;
    return e;
  }

  /**
   * Consumes bytes from {@code in} up to the end of one request and returns it, or returns null
   * when {@code in} ran out first (what was read is kept).
   *
   * @throws HttpError when the bytes are not a request this server takes
   */
  Request parse(ByteBuffer in) {
    while (in.hasRemaining()) {
      switch (state) {
        case LINE, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
          if (!readLine(in)) return null;
          Request done = onLine();
          if (done != null) return done;
        }
        case BODY -> {
          int n = Math.min(in.remaining(), body.length - bodyLength);
          in.get(body, bodyLength, n);
          bodyLength += n;
          if (bodyLength == body.length) return finish();
        }
        case CHUNK_DATA -> {
          int n = (int) Math.min(in.remaining(), chunkLeft);
          ensureBody(bodyLength + n);
          in.get(body, bodyLength, n);
          bodyLength += n;
          chunkLeft -= n;
          if (chunkLeft == 0) state = State.CHUNK_END;
        }
      }
    }
    return null;
  }

  /** Reads up to a LF into {@link #line}; false when {@code in} ran out first. */
  private boolean readLine(ByteBuffer in) {
    while (in.hasRemaining()) {
      byte b = in.get();
      if (state == State.LINE && !started) {
        started = true;
        if (b == 0x16)
          throw new HttpError(
              400,
              "this is a TLS handshake, but the control API speaks plain HTTP: use http://, not https://");
        if (b == '\r' || b == '\n')
          throw new HttpError(
              400, "empty request line: a request starts with METHOD /path HTTP/1.1");
        if (!isTokenChar(b))
          throw new HttpError(
              400, "not an HTTP request: a request starts with METHOD /path HTTP/1.1");
      }
      if (state == State.CHUNK_END && b != '\r' && b != '\n') {
        throw new HttpError(400, "malformed chunked body: a chunk's data must end with CRLF");
      }
      if (b == '\n') {
        if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
        return true;
      }
      if (lineLength == line.length) {
        if (line.length >= limits.maxHeaderLine()) throw tooLong();
        line = Arrays.copyOf(line, Math.min(limits.maxHeaderLine(), line.length * 4));
      }
      line[lineLength++] = b;
      if (state == State.HEADERS || state == State.TRAILERS) {
        if (++headerBytes > limits.maxHeaderBytes()) {
          throw new HttpError(
              431, "request headers too large: over " + limits.maxHeaderBytes() + " bytes");
        }
      }
    }
    return false;
  }

  private HttpError tooLong() {
    return switch (state) {
      case LINE ->
          new HttpError(414, "request line too long: over " + limits.maxHeaderLine() + " bytes");
      case CHUNK_SIZE, CHUNK_END ->
          new HttpError(
              400,
              "malformed chunked body: a chunk-size line over "
                  + limits.maxHeaderLine()
                  + " bytes");
      default ->
          new HttpError(
              431, "a request header line is too long: over " + limits.maxHeaderLine() + " bytes");
    };
  }

  private Request onLine() {
    String text = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
    lineLength = 0;
    switch (state) {
      case LINE -> requestLine(text);
      case HEADERS -> {
        if (text.isEmpty()) return headersDone();
        header(text);
      }
      case CHUNK_SIZE -> {
        long size = chunkSize(text);
        if (size == 0) {
          state = State.TRAILERS;
        } else {
          if (bodyLength + size > limits.maxBody()) throw tooLarge();
          chunkLeft = size;
          state = State.CHUNK_DATA;
        }
      }
      case CHUNK_END -> {
        if (!text.isEmpty())
          throw new HttpError(400, "malformed chunked body: a chunk's data must end with CRLF");
        state = State.CHUNK_SIZE;
      }
      case TRAILERS -> {
        if (text.isEmpty()) return finish();
        if (text.indexOf(':') <= 0)
          throw new HttpError(400, "malformed chunked body: a trailer line without a colon");
      }
      default -> throw new IllegalStateException(state.toString());
    }
    return null;
  }

  private void requestLine(String text) {
    String[] parts = text.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new HttpError(
          400,
          "malformed request line: expected METHOD /path HTTP/1.1, was '" + shorten(text) + "'");
    }
    for (int i = 0; i < parts[0].length(); i++) {
      if (!isTokenChar((byte) parts[0].charAt(i)))
        throw new HttpError(400, "malformed method in the request line '" + shorten(text) + "'");
    }
    String v = parts[2];
    if (v.equals("HTTP/1.1") || v.equals("HTTP/1.0")) {
      minor = v.charAt(7) - '0';
    } else if (v.matches("HTTP/[0-9](\\.[0-9])?")) {
      throw new HttpError(505, v + " is not supported: the control API speaks HTTP/1.1");
    } else {
      throw new HttpError(
          400,
          "malformed HTTP version '" + shorten(v) + "' in the request line: expected HTTP/1.1");
    }
    String t = parts[1];
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c <= 0x20 || c >= 0x7f)
        throw new HttpError(
            400, "malformed request target: only visible ASCII may stand in a path");
    }
    if (t.startsWith("http://") || t.startsWith("https://")) {
      int slash = t.indexOf('/', t.indexOf("//") + 2);
      t = slash < 0 ? "/" : t.substring(slash);
    }
    if (!t.startsWith("/"))
      throw new HttpError(
          400, "malformed request target '" + shorten(t) + "': a path starts with /");
    method = parts[0];
    target = t;
    state = State.HEADERS;
  }

  private void header(String text) {
    char first = text.charAt(0);
    if (first == ' ' || first == '\t')
      throw new HttpError(400, "malformed header: a line folded onto the previous one (obs-fold)");
    int colon = text.indexOf(':');
    if (colon < 0)
      throw new HttpError(400, "malformed header line without a colon: '" + shorten(text) + "'");
    String name = text.substring(0, colon);
    if (name.isEmpty()) throw new HttpError(400, "malformed header line with an empty name");
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar((byte) name.charAt(i))) {
        throw new HttpError(
            400,
            "malformed header name '"
                + shorten(name)
                + "'"
                + (name.charAt(i) <= ' ' ? ": no space may stand before the colon" : ""));
      }
    }
    String value = text.substring(colon + 1).strip();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f)
        throw new HttpError(400, "malformed value of header '" + name + "': control characters");
    }
    if (headers.size() == limits.maxHeaders())
      throw new HttpError(431, "too many request headers: over " + limits.maxHeaders());
    headers.add(new String[] {name, value});
  }

  private Request headersDone() {
    List<String> hosts = values("Host");
    if (hosts.size() > 1) throw new HttpError(400, "more than one Host header");
    if (minor >= 1 && hosts.isEmpty())
      throw new HttpError(400, "an HTTP/1.1 request needs a Host header");
    List<String> te = values("Transfer-Encoding");
    List<String> cl = values("Content-Length");
    long length = 0;
    boolean chunked = false;
    if (!te.isEmpty()) {
      if (!cl.isEmpty())
        throw new HttpError(
            400, "both Content-Length and Transfer-Encoding: a request has one or the other");
      List<String> codings = new ArrayList<>();
      for (String v : te)
        for (String c : v.split(","))
          if (!c.isBlank()) codings.add(c.strip().toLowerCase(Locale.ROOT));
      if (!codings.equals(List.of("chunked"))) {
        throw new HttpError(
            400,
            "Transfer-Encoding '"
                + String.join(", ", codings)
                + "' is not supported: send the body with"
                + " Content-Length or 'Transfer-Encoding: chunked'");
      }
      chunked = true;
    } else if (!cl.isEmpty()) {
      String seen = null;
      for (String v : cl) {
        for (String one : v.split(",", -1)) {
          String s = one.strip();
          if (s.isEmpty() || !s.chars().allMatch(Character::isDigit))
            throw new HttpError(400, "malformed Content-Length '" + shorten(v) + "'");
          if (seen != null && !seen.equals(s))
            throw new HttpError(400, "conflicting Content-Length values " + seen + " and " + s);
          seen = s;
        }
      }
      String digits = seen.replaceFirst("^0+(?=.)", "");
      if (digits.length() > 12 || Long.parseLong(digits) > limits.maxBody()) {
        throw new HttpError(
            413,
            "request body too large: " + digits + " bytes; at most " + limits.maxBody() + " bytes");
      }
      length = Long.parseLong(digits);
    }
    String expect = first("Expect");
    if (expect != null) {
      if (!expect.equalsIgnoreCase("100-continue"))
        throw new HttpError(
            417,
            "unknown expectation 'Expect: " + shorten(expect) + "'; only 100-continue is known");
      expectContinue = chunked || length > 0;
    }
    if (chunked) {
      body = new byte[0];
      state = State.CHUNK_SIZE;
      return null;
    }
    body = new byte[(int) length];
    if (length == 0) return finish();
    state = State.BODY;
    return null;
  }

  private long chunkSize(String text) {
    int end = text.indexOf(';');
    String hex = (end < 0 ? text : text.substring(0, end)).strip();
    if (hex.isEmpty()
        || hex.length() > 8
        || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new HttpError(
          400, "malformed chunked body: '" + shorten(text) + "' is not a chunk size (hex digits)");
    }
    return Long.parseLong(hex, 16);
  }

  private void ensureBody(int size) {
    if (size > body.length)
      body = Arrays.copyOf(body, Math.max(size, Math.min(limits.maxBody(), body.length * 2 + 256)));
  }

  private HttpError tooLarge() {
    return new HttpError(
        413,
        "request body too large: over "
            + limits.maxBody()
            + " bytes; at most "
            + limits.maxBody()
            + " bytes");
  }

  private Request finish() {
    byte[] b = bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
    Request r = new Request(method, target, minor, headers, b);
    state = State.LINE;
    started = false;
    headerBytes = 0;
    headers = new ArrayList<>();
    expectContinue = false;
    body = null;
    bodyLength = 0;
    return r;
  }

  private String first(String name) {
    for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return h[1];
    return null;
  }

  private List<String> values(String name) {
    List<String> out = new ArrayList<>(1);
    for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) out.add(h[1]);
    return out;
  }

  /** RFC 9110's tchar: what a method or a header name is made of. */
  static boolean isTokenChar(byte b) {
    if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') return true;
    return "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
  }

  private static String shorten(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
  }
}
