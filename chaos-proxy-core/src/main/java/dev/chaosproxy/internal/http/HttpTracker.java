package dev.chaosproxy.internal.http;

import dev.chaosproxy.Direction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Follows the HTTP/1.1 messages on one connection, fed each direction's bytes as they are read, and
 * tells an {@link HttpListener} where each message's head and body end. It only observes: it never
 * holds, changes or refuses a byte, and on anything it cannot read it gives up once and counts
 * bytes from then on. Loop thread only.
 */
public final class HttpTracker {
  /** Bytes of one head (request or status line, header fields and the blank line). */
  public static final int MAX_HEAD = 64 * 1024;

  /** Header fields of one head, and trailer fields of one chunked body. */
  public static final int MAX_HEADERS = 100;

  /** Bytes of one chunk-size line, extensions included. */
  public static final int MAX_CHUNK_LINE = 4096;

  /** Requests whose final answer has not begun, and the bytes of their heads together. */
  public static final int MAX_PENDING = 100;

  public static final int MAX_PENDING_BYTES = 1024 * 1024;

  private static final int INITIAL_HEAD = 512;

  private final HttpListener listener;
  private final Half requests;
  private final Half responses;

  /** Requests whose head has passed and whose final response has not: answers pair in order. */
  private final ArrayDeque<HttpRequest> unanswered = new ArrayDeque<>();

  private long unansweredBytes;
  private long requestCount;
  private String gaveUp;

  public HttpTracker(HttpListener listener) {
    if (listener == null) throw new NullPointerException("listener == null");
    this.listener = listener;
    this.requests = new Half(Direction.UPSTREAM);
    this.responses = new Half(Direction.DOWNSTREAM);
  }

  /** The client-to-server half: feed it what the client sent. */
  public Half requests() {
    return requests;
  }

  /** The server-to-client half: feed it what the server sent. */
  public Half responses() {
    return responses;
  }

  /** The half for bytes travelling {@code direction}. */
  public Half half(Direction direction) {
    return direction == Direction.UPSTREAM ? requests : responses;
  }

  /** Why the tracker gave up, or null while it has not. */
  public String gaveUpReason() {
    return gaveUp;
  }

  /**
   * {@code request} is answered by the proxy and is not forwarded: the server's answers pair with
   * the requests after it.
   */
  public void answeredLocally(HttpRequest request) {
    if (unanswered.remove(request)) unansweredBytes -= request.headEnd - request.headStart;
    // an answer that is not 101 means HTTP goes on after an upgrade request
    if (request.asksToSwitch) requests.decided(request, HttpRequest.Outcome.HTTP, null);
  }

  /** Requests whose final answer has not begun (for tests). */
  int unanswered() {
    return unanswered.size();
  }

  private void giveUp(Direction direction, long offset, String reason) {
    if (gaveUp != null) return;
    gaveUp = reason;
    requests.stop();
    responses.stop();
    unanswered.clear();
    listener.gaveUp(direction, offset, reason);
  }

  private enum State {
    HEAD,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_CR,
    CHUNK_LF,
    TRAILERS,
    UNTIL_EOF,
    /** After an Upgrade or CONNECT request: held until its answer says whether HTTP goes on. */
    WAIT,
    /** Not tracking any more: passed through or gave up. */
    OFF,
    ENDED
  }

  /** One direction's reading: its offset, the head being collected, the body being counted. */
  public final class Half {
    private final Direction direction;
    private final boolean isRequests;
    private State state = State.HEAD;

    /** Offset of the next byte to be fed. */
    private long position;

    /** In a run: the absolute offset of index 0 of the array being read. */
    private long base;

    /** The current head's bytes (or, waiting, the bytes held); never more than MAX_HEAD. */
    private byte[] head = new byte[INITIAL_HEAD];

    private int headLength;
    private int lineStart;
    private int lines;
    private boolean spaceSeen;
    private long headStart;

    /** The message whose head has passed and whose body has not ended, or null. */
    private HttpMessage current;

    /** Body or chunk bytes still to come. */
    private long remaining;

    private long chunkSize;
    private int chunkDigits;
    private int chunkLine;
    private boolean chunkExtension;
    private boolean chunkBws;
    private int trailerLine;
    private int trailerBytes;
    private int trailerLines;

    /** The request the WAIT state waits on; its end is where the held bytes start. */
    private HttpRequest waitingFor;

    // first-line fields, until the head completes
    private String method;
    private String target;
    private String version;
    private int status;
    private String reason;

    Half(Direction direction) {
      this.direction = direction;
      this.isRequests = direction == Direction.UPSTREAM;
    }

    /** Which way these bytes travel. */
    public Direction direction() {
      return direction;
    }

    /** The offset of the next byte: how many bytes were fed. */
    public long position() {
      return position;
    }

    /** Whether this half still reports messages (it has not passed through or given up). */
    public boolean tracking() {
      return gaveUp == null && state != State.OFF;
    }

    /** The message whose head has passed and whose body is still passing, or null between. */
    public HttpMessage current() {
      return current;
    }

    /**
     * Where the current message's head ends: known once it has passed, -1 while it is still
     * arriving or between messages.
     */
    public long headEnd() {
      return current == null ? -1 : current.headEnd;
    }

    /**
     * Where the current message's body will end when its length is declared (see {@link
     * HttpMessage#expectedBodyEnd()}), -1 when unknown yet or between messages.
     */
    public long bodyEnd() {
      return current == null ? -1 : current.expectedBodyEnd();
    }

    /**
     * Stops tracking both directions from this half's next byte, as when it cannot read them:
     * everything passes as raw TCP from here.
     */
    public void abandon(String reason) {
      fail(position, reason);
    }

    /** What the buffer for heads (or bytes held for an upgrade's answer) takes now. */
    public int held() {
      return head.length;
    }

    /** Reads {@code data[from, to)}, the next bytes this way. */
    public void feed(byte[] data, int from, int to) {
      if (from < 0 || to > data.length || from > to) {
        throw new IndexOutOfBoundsException(
            "feed range [" + from + ", " + to + ") out of an array of " + data.length);
      }
      if (state == State.ENDED) {
        throw new IllegalStateException(direction.wireName() + " was fed after its end");
      }
      long start = position;
      position += to - from;
      if (state == State.OFF) return;
      run(data, from, to, start - from);
    }

    /**
     * How many of the next bytes the tracker counts without looking at them (inside a body, or
     * after it stopped tracking): {@link #skip} may take that many instead of {@link #feed}.
     */
    public long skippable() {
      return switch (state) {
        case BODY, CHUNK_DATA -> remaining;
        case UNTIL_EOF, OFF -> Long.MAX_VALUE;
        default -> 0;
      };
    }

    /** Counts {@code n} bytes it need not see ({@code n <= skippable()}), as feeding them would. */
    public void skip(int n) {
      if (n < 0 || n > skippable()) {
        throw new IllegalArgumentException(
            "cannot skip " + n + " bytes; " + skippable() + " may be");
      }
      long start = position;
      position += n;
      if (state == State.OFF) return;
      run(null, 0, n, start);
    }

    /**
     * Whether the bytes fed since the last message ended are the start of a head still arriving.
     */
    public boolean inHead() {
      return state == State.HEAD && headLength > 0;
    }

    /** This direction ended (EOF): a body that runs until the close ends here. */
    public void eof() {
      if (state == State.ENDED) return;
      State was = state;
      state = State.ENDED;
      if (was == State.OFF) return;
      if (was == State.UNTIL_EOF) {
        end(position);
        state = State.ENDED;
        listener.endOfStream(direction, position, false);
        return;
      }
      boolean mid = was != State.HEAD && was != State.WAIT || headLength > 0;
      listener.endOfStream(direction, position, mid);
    }

    void stop() {
      if (state != State.ENDED) state = State.OFF;
      current = null;
      head = new byte[0];
      headLength = 0;
    }

    private void run(byte[] data, int from, int to, long base) {
      this.base = base;
      int i = from;
      while (i < to) {
        switch (state) {
          case HEAD -> i = head(data, i, to);
          case BODY, CHUNK_DATA -> {
            long n = Math.min(remaining, to - i);
            if (n > 0) listener.content(direction, base + i, base + i + n);
            i += (int) n;
            remaining -= n;
            if (remaining == 0) {
              if (state == State.BODY) {
                end(base + i);
              } else {
                state = State.CHUNK_CR;
              }
            }
          }
          case CHUNK_SIZE -> i = chunkSize(data, i, to);
          case CHUNK_CR, CHUNK_LF -> i = chunkEnd(data, i);
          case TRAILERS -> i = trailers(data, i, to);
          case UNTIL_EOF -> {
            listener.content(direction, base + i, base + to);
            i = to;
          }
          case OFF, ENDED -> i = to;
          case WAIT -> i = hold(data, i, to);
        }
      }
    }

    // ---- heads

    private int head(byte[] data, int i, int to) {
      while (i < to) {
        byte b = data[i];
        if (headLength == 0) {
          if (b == '\r' || b == '\n') { // empty lines before a message are ignored (RFC 9112 2.2)
            i++;
            continue;
          }
          headStart = base + i;
          lines = 0;
          lineStart = 0;
          spaceSeen = false;
          if (isRequests && b == 0x16) {
            return fail(i, "a TLS handshake: the client speaks TLS, not plain HTTP");
          }
        }
        if (headLength == head.length) {
          if (headLength >= MAX_HEAD) {
            return fail(i, "a head over " + MAX_HEAD + " bytes");
          }
          // by a quarter: what a head's buffer takes counts against the engine's budget
          head = Arrays.copyOf(head, Math.min(MAX_HEAD, head.length + head.length / 4));
        }
        head[headLength++] = b;
        i++;
        if (lines == 0 && !firstLineByte(b)) return fail(i - 1, notHttp());
        if (b == '\n') {
          int len = headLength - 1 - lineStart;
          if (len > 0 && head[headLength - 2] == '\r') len--;
          if (lines == 0) {
            String problem = firstLine(len);
            if (problem != null) return fail(headStart, problem);
          } else if (len == 0) {
            headDone(base + i);
            return i;
          } else if (lines > MAX_HEADERS) {
            return fail(i, "over " + MAX_HEADERS + " header fields");
          }
          lines++;
          lineStart = headLength;
        }
      }
      return i;
    }

    private String notHttp() {
      return isRequests
          ? "not an HTTP request: it does not start with METHOD /path HTTP/1.1"
          : "not an HTTP response: it does not start with HTTP/1.x";
    }

    /** Cheap checks while the first line arrives, so a binary protocol is let go at once. */
    private boolean firstLineByte(byte b) {
      if (isRequests) {
        if (spaceSeen) return true;
        if (b == ' ') {
          spaceSeen = true;
          return headLength > 1;
        }
        return isTokenChar(b);
      }
      return headLength > 5 || b == "HTTP/".charAt(headLength - 1);
    }

    /** Parses the request or status line; returns why it cannot be read, or null. */
    private String firstLine(int len) {
      String line = new String(head, 0, len, StandardCharsets.ISO_8859_1);
      if (isRequests) {
        int sp1 = line.indexOf(' ');
        int sp2 = line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0 || sp2 == sp1 + 1) {
          return "a malformed request line: expected METHOD /path HTTP/1.1, was '"
              + shorten(line)
              + "'";
        }
        method = line.substring(0, sp1);
        target = line.substring(sp1 + 1, sp2);
        version = line.substring(sp2 + 1);
        if (method.equals("PRI") && target.equals("*") && version.equals("HTTP/2.0")) {
          return "HTTP/2 with prior knowledge (the PRI * HTTP/2.0 preface)";
        }
        for (int k = 0; k < target.length(); k++) {
          char c = target.charAt(k);
          if (c <= ' ' || c == 0x7f) {
            return "a malformed request target in '" + shorten(line) + "'";
          }
        }
        return checkVersion(version, line);
      }
      if (len < 12 || line.charAt(8) != ' ' || (len > 12 && line.charAt(12) != ' ')) {
        return "a malformed status line: expected HTTP/1.1 200 OK, was '" + shorten(line) + "'";
      }
      version = line.substring(0, 8);
      String problem = checkVersion(version, line);
      if (problem != null) return problem;
      int code = 0;
      for (int k = 9; k < 12; k++) {
        char c = line.charAt(k);
        if (c < '0' || c > '9') {
          return "a malformed status code in '" + shorten(line) + "'";
        }
        code = code * 10 + (c - '0');
      }
      if (code < 100 || code > 599) return "status " + code + " is outside 100..599";
      status = code;
      reason = len > 13 ? line.substring(13) : "";
      return null;
    }

    private String checkVersion(String v, String line) {
      if (v.length() != 8
          || !v.startsWith("HTTP/")
          || v.charAt(6) != '.'
          || !Character.isDigit(v.charAt(5))
          || !Character.isDigit(v.charAt(7))) {
        return "a malformed version in '" + shorten(line) + "'";
      }
      if (v.charAt(5) != '1') return v + " is not HTTP/1.x";
      return null;
    }

    /** The head has passed, up to {@code end}: reads its fields, decides the body's framing. */
    private void headDone(long end) {
      HttpHeaders.Builder fields = new HttpHeaders.Builder();
      int at = 0;
      // skip the first line
      while (head[at] != '\n') at++;
      at++;
      while (at < headLength) {
        int lf = at;
        while (head[lf] != '\n') lf++;
        int stop = lf > at && head[lf - 1] == '\r' ? lf - 1 : lf;
        if (stop == at) break; // the blank line
        String problem = field(fields, at, stop);
        if (problem != null) {
          fail(headStart, problem);
          return;
        }
        at = lf + 1;
      }
      HttpHeaders headers = fields.build();
      HttpMessage m;
      HttpRequest answered = null;
      if (isRequests) {
        HttpRequest r = new HttpRequest(requestCount++);
        r.method = method;
        r.target = target;
        r.expectContinue = headers.hasToken("Expect", "100-continue");
        r.asksToSwitch = method.equals("CONNECT") || headers.get("Upgrade") != null;
        m = r;
      } else {
        answered = unanswered.peekFirst();
        HttpResponse r = new HttpResponse(answered);
        r.status = status;
        r.reason = reason;
        m = r;
      }
      m.headStart = headStart;
      m.headEnd = end;
      m.version = version;
      m.headers = headers;
      m.keepAlive =
          version.equals("HTTP/1.1")
              ? !headers.hasToken("Connection", "close")
              : headers.hasToken("Connection", "keep-alive");
      String problem = framing(m, answered);
      if (problem != null) {
        fail(headStart, problem);
        return;
      }
      resetHead();
      if (isRequests) {
        if (unanswered.size() >= MAX_PENDING
            || unansweredBytes + (end - headStart) > MAX_PENDING_BYTES) {
          fail(
              headStart,
              "over "
                  + MAX_PENDING
                  + " requests or "
                  + MAX_PENDING_BYTES
                  + " bytes of heads waiting for an answer");
          return;
        }
        unanswered.addLast((HttpRequest) m);
        unansweredBytes += end - headStart;
        current = m;
        listener.requestHead((HttpRequest) m);
      } else {
        current = m;
        responseHeadDone((HttpResponse) m);
      }
      if (state == State.OFF) return;
      switch (m.framing) {
        case NONE -> end(end);
        case LENGTH -> {
          remaining = m.contentLength;
          state = State.BODY;
          if (remaining == 0) end(end);
        }
        case CHUNKED -> startChunk();
        case UNTIL_EOF -> state = State.UNTIL_EOF;
      }
    }

    private void responseHeadDone(HttpResponse r) {
      HttpRequest q = r.request;
      if (!r.interim() || r.status == 101) {
        if (q != null) {
          unanswered.pollFirst();
          unansweredBytes -= q.headEnd - q.headStart;
        }
      }
      listener.responseHead(r);
      if (state == State.OFF) return;
      boolean tunnel =
          r.status == 101 || (q != null && q.method.equals("CONNECT") && r.status / 100 == 2);
      if (tunnel) {
        if (q == null || !q.asksToSwitch) {
          fail(r.headStart, "101 Switching Protocols to a request that asked for no upgrade");
          return;
        }
        String why =
            r.status == 101
                ? "101 Switching Protocols to " + r.headers.get("Upgrade")
                : "a tunnel opened by CONNECT " + q.target;
        end(r.headEnd);
        state = State.OFF;
        current = null;
        listener.passthrough(direction, r.headEnd, why);
        requests.decided(q, HttpRequest.Outcome.TUNNEL, why);
      } else if (!r.interim() && q != null && q.asksToSwitch) {
        requests.decided(q, HttpRequest.Outcome.HTTP, null);
      }
    }

    /** Sets the body's framing (RFC 9112 6.3); returns why it cannot be told, or null. */
    private String framing(HttpMessage m, HttpRequest answered) {
      if (!isRequests) {
        HttpResponse r = (HttpResponse) m;
        if (r.interim()
            || r.status == 204
            || r.status == 304
            || (answered != null && answered.method.equals("HEAD"))
            || (answered != null && answered.method.equals("CONNECT") && r.status / 100 == 2)) {
          m.framing = HttpMessage.Framing.NONE;
          return null;
        }
      }
      List<String> te = m.headers.values("Transfer-Encoding");
      List<String> cl = m.headers.values("Content-Length");
      if (!te.isEmpty()) {
        if (!cl.isEmpty()) return "both Transfer-Encoding and Content-Length";
        String all = String.join(",", te);
        String last = all.substring(all.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
        if (last.equals("chunked")) {
          m.framing = HttpMessage.Framing.CHUNKED;
        } else if (isRequests) {
          return "a request Transfer-Encoding that does not end in chunked: " + shorten(all);
        } else {
          m.framing = HttpMessage.Framing.UNTIL_EOF;
        }
        return null;
      }
      if (!cl.isEmpty()) {
        long length = -1;
        for (String value : cl) {
          for (String element : value.split(",", -1)) {
            String e = element.trim();
            if (e.isEmpty() || e.length() > 18)
              return "a malformed Content-Length: " + shorten(value);
            long n = 0;
            for (int k = 0; k < e.length(); k++) {
              char c = e.charAt(k);
              if (c < '0' || c > '9') return "a malformed Content-Length: " + shorten(value);
              n = n * 10 + (c - '0');
            }
            if (length >= 0 && n != length) {
              return "conflicting Content-Length values: " + shorten(String.join(", ", cl));
            }
            length = n;
          }
        }
        m.contentLength = length;
        m.framing = HttpMessage.Framing.LENGTH;
        return null;
      }
      m.framing = isRequests ? HttpMessage.Framing.NONE : HttpMessage.Framing.UNTIL_EOF;
      return null;
    }

    /** Reads one header line {@code head[from, to)} into {@code fields}. */
    private String field(HttpHeaders.Builder fields, int from, int to) {
      if (head[from] == ' ' || head[from] == '\t') {
        if (fields.size() == 0) return "a folded line before the first header field";
        fields.fold(trim(from, to));
        return null;
      }
      int colon = from;
      while (colon < to && head[colon] != ':') {
        if (!isTokenChar(head[colon])) {
          return "a malformed header field name in '"
              + shorten(new String(head, from, to - from, StandardCharsets.ISO_8859_1))
              + "'";
        }
        colon++;
      }
      if (colon == to || colon == from) {
        return "a header line without a name and colon: '"
            + shorten(new String(head, from, to - from, StandardCharsets.ISO_8859_1))
            + "'";
      }
      fields.add(
          new String(head, from, colon - from, StandardCharsets.ISO_8859_1), trim(colon + 1, to));
      return null;
    }

    private String trim(int from, int to) {
      while (from < to && (head[from] == ' ' || head[from] == '\t')) from++;
      while (to > from && (head[to - 1] == ' ' || head[to - 1] == '\t')) to--;
      return new String(head, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private void resetHead() {
      headLength = 0;
      if (head.length > 4 * INITIAL_HEAD) head = new byte[INITIAL_HEAD];
    }

    // ---- chunked bodies

    private void startChunk() {
      state = State.CHUNK_SIZE;
      chunkSize = 0;
      chunkDigits = 0;
      chunkLine = 0;
      chunkExtension = false;
      chunkBws = false;
    }

    private int chunkSize(byte[] data, int i, int to) {
      while (i < to) {
        byte b = data[i++];
        if (++chunkLine > MAX_CHUNK_LINE) {
          return fail(i - 1, "a chunk-size line over " + MAX_CHUNK_LINE + " bytes");
        }
        if (b == '\n') {
          if (chunkDigits == 0) return fail(i - 1, "a bad chunk size: no hex digits");
          if (chunkSize == 0) {
            state = State.TRAILERS;
            trailerLine = 0;
            trailerBytes = 0;
            trailerLines = 0;
          } else {
            remaining = chunkSize;
            state = State.CHUNK_DATA;
          }
          return i;
        }
        if (chunkExtension || b == '\r') continue; // a CR must be followed by the LF; lenient here
        int digit = Character.digit(b, 16);
        if (b == ';') {
          chunkExtension = true;
        } else if (digit >= 0 && !chunkBws) {
          if (++chunkDigits > 15) return fail(i - 1, "a bad chunk size: over 15 hex digits");
          chunkSize = chunkSize * 16 + digit;
        } else if ((b == ' ' || b == '\t') && chunkDigits > 0) {
          chunkBws = true;
        } else {
          return fail(i - 1, "a bad chunk size: byte 0x" + Integer.toHexString(b & 0xff));
        }
      }
      return i;
    }

    private int chunkEnd(byte[] data, int i) {
      byte b = data[i];
      if (state == State.CHUNK_CR && b == '\r') {
        state = State.CHUNK_LF;
        return i + 1;
      }
      if (b == '\n') {
        startChunk();
        return i + 1;
      }
      return fail(i, "a chunk's data not followed by CRLF");
    }

    private int trailers(byte[] data, int i, int to) {
      while (i < to) {
        byte b = data[i++];
        if (++trailerBytes > MAX_HEAD)
          return fail(i - 1, "a trailer section over " + MAX_HEAD + " bytes");
        if (b == '\n') {
          if (trailerLine == 0) {
            end(base + i);
            return i;
          }
          if (++trailerLines > MAX_HEADERS) {
            return fail(i - 1, "over " + MAX_HEADERS + " trailer fields");
          }
          trailerLine = 0;
        } else if (b != '\r') {
          trailerLine++;
        }
      }
      return i;
    }

    // ---- message ends, upgrades

    /** The current message ended at {@code offset}. */
    private void end(long offset) {
      HttpMessage m = current;
      current = null;
      state = State.HEAD;
      m.bodyEnd = offset;
      if (isRequests) {
        HttpRequest r = (HttpRequest) m;
        listener.requestEnd(r);
        if (state == State.OFF || !r.asksToSwitch) return;
        if (r.outcome == HttpRequest.Outcome.TUNNEL) {
          state = State.OFF;
          listener.passthrough(direction, offset, "the answer to " + r + " switched protocols");
        } else if (r.outcome == HttpRequest.Outcome.UNDECIDED) {
          state = State.WAIT;
          waitingFor = r;
          headLength = 0;
        }
      } else {
        listener.responseEnd((HttpResponse) m);
      }
    }

    private int hold(byte[] data, int i, int to) {
      int n = to - i;
      if (headLength + n > MAX_HEAD) {
        return fail(i, "over " + MAX_HEAD + " bytes sent before " + waitingFor + " was answered");
      }
      if (headLength + n > head.length) {
        head =
            Arrays.copyOf(
                head, Math.min(MAX_HEAD, Math.max(headLength + n, head.length + head.length / 4)));
      }
      System.arraycopy(data, i, head, headLength, n);
      headLength += n;
      return to;
    }

    /** The answer to {@code r} decided whether HTTP goes on after it (requests half only). */
    private void decided(HttpRequest r, HttpRequest.Outcome outcome, String why) {
      r.outcome = outcome;
      if (state != State.WAIT || waitingFor != r) return; // decided before the request ended
      waitingFor = null;
      if (outcome == HttpRequest.Outcome.TUNNEL) {
        state = State.OFF;
        headLength = 0;
        head = new byte[0];
        listener.passthrough(direction, r.bodyEnd, why);
        return;
      }
      byte[] held = Arrays.copyOf(head, headLength);
      headLength = 0;
      state = State.HEAD;
      if (held.length > 0) run(held, 0, held.length, r.bodyEnd);
    }

    /** Gives up at index {@code i} of the array being read; returns the index to go on from. */
    private int fail(int i, String reason) {
      return fail(base + i, reason);
    }

    private int fail(long offset, String reason) {
      giveUp(direction, offset, reason);
      return Integer.MAX_VALUE;
    }
  }

  private static boolean isTokenChar(byte b) {
    if (b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z') return true;
    return "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
  }

  private static String shorten(String s) {
    String t = s.length() <= 80 ? s : s.substring(0, 80) + "...";
    StringBuilder b = new StringBuilder(t.length());
    for (int k = 0; k < t.length(); k++) {
      char c = t.charAt(k);
      b.append(c < ' ' || c >= 0x7f ? '?' : c);
    }
    return b.toString();
  }
}
