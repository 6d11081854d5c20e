package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.HttpAbort;
import dev.chaosproxy.internal.chaos.toxics.HttpCorrupt;
import dev.chaosproxy.internal.chaos.toxics.HttpDelay;
import dev.chaosproxy.internal.chaos.toxics.HttpHeader;
import dev.chaosproxy.internal.chaos.toxics.HttpRespond;
import dev.chaosproxy.internal.chaos.toxics.HttpThrottle;
import dev.chaosproxy.internal.http.HeadEdit;
import dev.chaosproxy.internal.http.HttpAnswer;
import dev.chaosproxy.internal.http.HttpListener;
import dev.chaosproxy.internal.http.HttpRequest;
import dev.chaosproxy.internal.http.HttpResponse;
import dev.chaosproxy.internal.http.HttpTracker;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one connection of an HTTP proxy: an {@link HttpTracker} over both directions,
 * the requests in the order their answers are due, and the HTTP faults acting on it. Without a
 * fault it only watches (the flows keep their direct path and every byte passes as it came). With
 * one, each direction holds a message head until it is whole, decides what the faults do to that
 * exchange, and passes the head (perhaps rewritten, delayed, or not at all) and then the body
 * (perhaps throttled, corrupted or cut). Loop thread only.
 */
final class HttpSession implements HttpListener {
  private static final Logger log = LoggerFactory.getLogger("dev.chaosproxy.http");

  private final Connection connection;
  private final HttpTracker tracker = new HttpTracker(this);
  final Side up;
  final Side down;

  /** Requests whose final answer has not been passed to the client, oldest first. */
  private final ArrayDeque<Exchange> order = new ArrayDeque<>();

  private HttpFaultEffect[] faults = new HttpFaultEffect[0];

  /**
   * Bytes fed to the tracker at a time on the holding path: at most about 60 of the smallest
   * requests, below the tracker's 100 waiting.
   */
  private static final int PIECE = 1024;

  /** The side whose bytes the tracker is being fed, while it is. */
  private Side feeding;

  /**
   * Head bytes per side that are not counted against the engine's budget: the small buffers an HTTP
   * connection keeps between messages (the tracker's up to 2 KiB, the side's up to 1 KiB), as its
   * other per-connection objects are not counted.
   */
  private static final int UNCOUNTED = 3 * 1024;

  HttpSession(Connection connection, Flow up, Flow down) {
    this.connection = connection;
    this.up = new Side(up, tracker.requests());
    this.down = new Side(down, tracker.responses());
  }

  /** The HTTP faults acting on the connection now; with none, the sides only watch. */
  void setFaults(List<HttpFaultEffect> now) {
    faults = now.toArray(new HttpFaultEffect[0]);
    boolean on = faults.length > 0;
    up.faulting(on);
    down.faulting(on);
    account();
  }

  /** Tells both flows what their sides hold of heads now, for the engine's memory budget. */
  void account() {
    up.flow.headHeld(up.footprint());
    down.flow.headHeld(down.footprint());
  }

  private Counters counters() {
    return connection.proxy.counters;
  }

  // ---- deciding

  /** What the faults do to the request whose head just passed. */
  private Exchange decide(HttpRequest request, boolean mayAct) {
    Exchange x = new Exchange(request);
    counters().httpRequest(request.method());
    if (!mayAct) return x;
    // a response first: it decides whether the faults on the answer have an answer to act on
    for (HttpFaultEffect f : faults) {
      if (f.toxic().type() == ToxicType.HTTP_RESPOND && x.answer == null && f.picks(x)) {
        Toxic t = f.toxic();
        x.local = !HttpRespond.FORWARD.flag(t);
        x.closeAfter = x.local && (!request.keepAlive() || request.expectContinue());
        x.answer =
            HttpAnswer.bytes(
                (int) HttpRespond.STATUS.longValue(t),
                HttpRespond.HEADERS.headers(t),
                HttpRespond.BODY.string(t),
                request,
                x.closeAfter);
        fired(f, x);
      }
    }
    for (HttpFaultEffect f : faults) {
      Toxic t = f.toxic();
      ToxicType type = t.type();
      if (type == ToxicType.HTTP_RESPOND || !appliesTo(type, t, x) || !f.picks(x)) continue;
      boolean upstream = t.direction() == Direction.UPSTREAM;
      switch (type) {
        case HTTP_DELAY -> {
          long d = HttpDelay.DELAY.nanos(t);
          String at = HttpDelay.AT.string(t);
          if (at.equals(HttpDelay.REQUEST)) x.requestDelay += d;
          else if (at.equals(HttpDelay.RESPONSE)) x.headersDelay += d;
          else if (x.bodyDelayAt == Exchange.NONE) {
            x.bodyDelay = d;
            x.bodyDelayAt = HttpDelay.BODY_BYTES.longValue(t);
          }
        }
        case HTTP_ABORT -> {
          x.abortAt = HttpAbort.AT.string(t);
          x.abortBytes = HttpAbort.BODY_BYTES.longValue(t);
          x.abortReset = HttpAbort.MODE.string(t).equals(HttpAbort.RESET);
          x.abortToxic = t.name();
        }
        case HTTP_THROTTLE -> {
          Exchange.Body b = upstream ? x.requestBody : x.responseBody;
          long rate = Math.round(HttpThrottle.RATE.doubleValue(t) * 1000);
          b.rate = b.rate == Exchange.NONE ? rate : Math.min(b.rate, rate);
        }
        case HTTP_CORRUPT -> {
          Exchange.Body b = upstream ? x.requestBody : x.responseBody;
          b.corrupt = Math.max(b.corrupt, HttpCorrupt.PROBABILITY.doubleValue(t));
          if (x.rng == null) x.rng = new Rng(f.rng().nextLong());
        }
        case HTTP_HEADER -> {
          Exchange.Edits e = upstream ? x.requestEdits : x.responseEdits;
          e.remove.addAll(HttpHeader.removed(t));
          e.set.putAll(HttpHeader.SET.headers(t));
        }
        default -> throw new IllegalStateException("not an HTTP toxic: " + type);
      }
      fired(f, x);
    }
    return x;
  }

  /**
   * Whether a fault of {@code type} has something to act on in {@code x}: with a local answer,
   * there is no upstream response, so only the request's faults and a delay of the answer apply; an
   * abort does not stack on another.
   */
  private static boolean appliesTo(ToxicType type, Toxic t, Exchange x) {
    boolean onRequest =
        type == ToxicType.HTTP_DELAY && HttpDelay.AT.string(t).equals(HttpDelay.REQUEST)
            || (type == ToxicType.HTTP_HEADER
                    || type == ToxicType.HTTP_THROTTLE
                    || type == ToxicType.HTTP_CORRUPT)
                && t.direction() == Direction.UPSTREAM;
    if (type == ToxicType.HTTP_ABORT && (x.abortAt != null || x.local)) return false;
    if (!x.local) return true;
    boolean answerDelay =
        type == ToxicType.HTTP_DELAY && HttpDelay.AT.string(t).equals(HttpDelay.RESPONSE);
    return answerDelay || onRequest && type != ToxicType.HTTP_HEADER;
  }

  private void fired(HttpFaultEffect f, Exchange x) {
    counters().fault(f.toxic().type());
    HttpRequest r = x.request;
    connection.reportHttp(
        f.toxic(), r.headStart(), r.method() + " " + r.target() + " #" + (r.index() + 1));
  }

  // ---- answers in order

  private Exchange exchangeOf(HttpRequest request) {
    if (request == null) return null;
    for (Exchange x : order) if (x.request == request) return x;
    return null;
  }

  /** The final answer to {@code x} has passed (or been cut): the next ones may follow. */
  private void answered(Exchange x) {
    Iterator<Exchange> it = order.iterator();
    while (it.hasNext()) {
      if (it.next() == x) {
        it.remove();
        break;
      }
    }
    flushAnswers();
  }

  /** Writes the local answers now due: those whose turn has come. */
  private void flushAnswers() {
    while (!order.isEmpty() && order.peekFirst().local && order.peekFirst().ready) {
      Exchange x = order.pollFirst();
      counters().httpStatus(statusOf(x.answer));
      down.flow.answer(x.answer, x.headersDelay);
      if (connection.closed) return;
      if (x.closeAfter) {
        down.flow.closeAfterDrain("closed after answering " + x.request, false);
        down.flow.drain();
        return;
      }
    }
  }

  private static int statusOf(byte[] answer) {
    return (answer[9] - '0') * 100 + (answer[10] - '0') * 10 + (answer[11] - '0');
  }

  // ---- the tracker's reports, for the side being fed

  private Side sideOf(Direction direction) {
    return direction == Direction.UPSTREAM ? up : down;
  }

  @Override
  public void requestHead(HttpRequest request) {
    up.event(Event.HEAD, request.headEnd(), request);
  }

  @Override
  public void requestEnd(HttpRequest request) {
    up.event(Event.END, request.bodyEnd(), request);
  }

  @Override
  public void responseHead(HttpResponse response) {
    down.event(Event.HEAD, response.headEnd(), response);
  }

  @Override
  public void responseEnd(HttpResponse response) {
    down.event(Event.END, response.bodyEnd(), response);
  }

  @Override
  public void content(Direction direction, long from, long to) {
    sideOf(direction).content(from, to);
  }

  @Override
  public void passthrough(Direction direction, long offset, String reason) {
    sideOf(direction).event(Event.RAW, offset, null);
  }

  @Override
  public void gaveUp(Direction direction, long offset, String reason) {
    counters().httpRaw();
    log.info(
        "{} connection {}: passing it as raw TCP from {} byte {}: {}",
        connection.proxy.name,
        connection.id,
        direction.wireName(),
        offset,
        reason);
    up.event(Event.RAW, direction == Direction.UPSTREAM ? offset : up.half.position(), null);
    down.event(Event.RAW, direction == Direction.DOWNSTREAM ? offset : down.half.position(), null);
  }

  private enum Event {
    HEAD,
    END,
    /** The point in the body where a delay or an abort acts. */
    POINT,
    /** Raw TCP from here: the tracker gave up or the protocol switched. */
    RAW
  }

  private enum Mode {
    /** No fault acts: bytes pass as they came; the tracker only watches. */
    WATCH,
    /** Between messages and in a head: bytes wait until the head is whole. */
    HOLD,
    /** A message's body (or head) passing, with what its exchange does to it. */
    PASS,
    /** A message the proxy does not forward. */
    DROP,
    /** Not HTTP any more. */
    RAW
  }

  /**
   * One direction: the flow it feeds, the tracker's half, the head it holds, the message's plan.
   */
  final class Side {
    final Flow flow;
    final HttpTracker.Half half;
    private final boolean requests;
    private Mode mode = Mode.WATCH;
    private boolean faulting;

    /** Bytes held since the last message ended: the next head, whole once it has passed. */
    private byte[] held = new byte[0];

    private int heldLength;

    /** Reports of the tracker for the bytes being fed, in offset order. */
    private final List<Object[]> events = new ArrayList<>();

    /** Body content ranges of the bytes being fed: pairs of offsets. */
    private long[] content = new long[8];

    private int contents;

    /** The exchange whose message passes now, and its body plan. */
    private Exchange current;

    /** The exchange whose response body the content reports count for (set as its head passes). */
    private Exchange counting;

    private Exchange.Body body;
    private long contentSeen;
    private long nextPiece;
    private long holdNext;

    /** Where a throttled body's next piece may go, in loop nanoTime. */
    private long paceAt;

    /**
     * Inside {@link #read}: what passes to the flow counts against that read's grant. Outside one,
     * what passes is taken from the budget here.
     */
    private boolean reading;

    Side(Flow flow, HttpTracker.Half half) {
      this.flow = flow;
      this.half = half;
      this.requests = half.direction() == Direction.UPSTREAM;
    }

    /**
     * How many of the next bytes may take the flow's direct path (written as read, watched only):
     * all of them while no fault acts here; inside a body no fault acts on, as many as the read
     * brings ({@link #watch} then stops at the body's end, so the next head is still held); else
     * none.
     */
    long directLimit() {
      if (mode == Mode.WATCH || mode == Mode.RAW) return Long.MAX_VALUE;
      if (mode != Mode.PASS || body != null) return 0;
      Exchange x = current;
      if (x != null && (x.bodyDelayAt != Exchange.NONE || "body".equals(x.abortAt))) return 0;
      return Long.MAX_VALUE; // watch stops at the body's end: the rest takes the holding path
    }

    void faulting(boolean on) {
      faulting = on;
      if (on && mode == Mode.WATCH && half.tracking() && between()) mode = Mode.HOLD;
      if (!on && mode == Mode.HOLD) {
        flow.took(release()); // no read's grant covers these bytes
        mode = Mode.WATCH;
      }
    }

    /**
     * Whether the requests should wait: the proxy's own answers to them are piling up unread by the
     * client (a client that pipelines without reading), past what the answers' flow may hold.
     */
    boolean backlogged() {
      return requests && down.flow.overCap();
    }

    /**
     * What each byte read now may take of the budget: a byte of a head being held is copied twice
     * (here and in the tracker) into buffers that grow by a quarter.
     */
    int readCost() {
      return mode == Mode.HOLD ? 3 : 1;
    }

    /** What this side's head buffers take, beyond what every connection keeps. */
    long footprint() {
      long n = (long) held.length + half.held();
      return n > UNCOUNTED ? n : 0;
    }

    /**
     * The engine's budget is spent and this side's head is past its share: rather than wait, with
     * nothing of its own to give back, the connection passes as raw TCP from here (counted,
     * logged).
     */
    void overBudget() {
      if (!half.tracking()) return;
      half.abandon(
          "the engine's memory budget is spent and this connection holds "
              + footprint()
              + " bytes of an unfinished head, over its share");
      account();
    }

    /** Tells both flows what the sides hold now (see {@link HttpSession#account()}). */
    void account() {
      HttpSession.this.account();
    }

    /** Between messages, with no byte of the next head seen. */
    private boolean between() {
      return half.current() == null && !half.inHead();
    }

    // ---- feeding

    /**
     * Watches bytes the flow is about to write straight from the loop's buffer ({@code buf}'s
     * remaining bytes, not consumed); returns how many of them may go so: all while no fault acts
     * here, else those up to the end of the body passing now (what follows goes to {@link #read}).
     */
    int watch(ByteBuffer buf) {
      events.clear();
      contents = 0;
      int n = buf.remaining();
      byte[] scratch = connection.loop.scratch(); // n is at most the read buffer's size
      feeding = this;
      try {
        if (mode == Mode.WATCH || mode == Mode.RAW) {
          // body bytes are counted, not copied; framing inside a body is fed in small windows, a
          // head (or what follows it) at once
          int at = 0;
          int base = buf.position();
          while (at < n) {
            long k = half.skippable();
            if (k > 0) {
              int m = (int) Math.min(k, n - at);
              half.skip(m);
              at += m;
              continue;
            }
            int m = half.current() == null ? n - at : Math.min(64, n - at);
            buf.get(base + at, scratch, 0, m);
            half.feed(scratch, 0, m);
            at += m;
          }
          return n;
        }
        // a body no fault acts on: counted without a copy, its framing fed a byte at a time, up to
        // its end
        int at = 0;
        int base = buf.position();
        while (at < n && events.isEmpty()) {
          long k = half.skippable();
          if (k > 0) {
            int m = (int) Math.min(k, n - at);
            half.skip(m);
            at += m;
          } else {
            scratch[0] = buf.get(base + at);
            half.feed(scratch, 0, 1);
            at++;
          }
        }
        return at;
      } finally {
        feeding = null;
      }
    }

    /** Acts on what {@link #watch} reported, once the watched bytes were written. */
    void watched() {
      if (events.isEmpty()) return;
      handleAll(connection.loop.nanoTime());
    }

    /** Acts on the reports of bytes that were only watched, those acting adds included. */
    private void handleAll(long now) {
      feeding = this;
      long held = 0;
      try {
        for (int i = 0; i < events.size() && !connection.closed; i++) {
          held += handle(events.get(i), null, 0, now);
        }
      } finally {
        feeding = null;
      }
      flow.took(held);
      events.clear();
      contents = 0;
    }

    /**
     * Passes a chunk read at {@code offset} through the HTTP faults to the flow's effects; returns
     * what it holds of the engine's budget.
     */
    long read(Chunk chunk, long offset, long now) {
      reading = true;
      try {
        return readPieces(chunk, offset, now);
      } finally {
        reading = false;
      }
    }

    private long readPieces(Chunk chunk, long offset, long now) {
      long held = 0;
      int from = 0;
      // fed a piece at a time, so that what a report decides (a request answered here, not
      // forwarded) reaches the tracker before it reads on: a pipelining client's requests
      // answered by the proxy never count against the tracker's limit of requests waiting
      for (int p = 0; p < chunk.limit && !connection.closed; p += PIECE) {
        int q = Math.min(chunk.limit, p + PIECE);
        feed(chunk.data, p, q);
        // acting may report more (a request the tracker held behind an upgrade, let go): those
        // reports join the list, later in the chunk, so the loop goes by index
        feeding = this;
        try {
          for (int i = 0; i < events.size(); i++) {
            Object[] e = events.get(i);
            int at = (int) ((Long) e[1] - offset);
            if (at > from) {
              held += segment(chunk, from, at, offset, now);
              from = at;
            }
            if (connection.closed) break;
            held += handle(e, chunk, offset, now);
            if (connection.closed) break;
          }
        } finally {
          feeding = null;
        }
        events.clear();
      }
      if (!connection.closed && from < chunk.limit) {
        held += segment(chunk, from, chunk.limit, offset, now);
      }
      contents = 0;
      return held;
    }

    private void feed(byte[] data, int from, int to) {
      feeding = this;
      try {
        half.feed(data, from, to);
      } finally {
        feeding = null;
      }
    }

    /** The source ended: a body until the close ends; what is held passes as it is. */
    void eof(long now) {
      events.clear();
      contents = 0;
      feeding = this;
      try {
        half.eof();
      } finally {
        feeding = null;
      }
      handleAll(now);
      if (mode == Mode.HOLD) flow.took(release());
    }

    void event(Event kind, long offset, Object message) {
      if (feeding != this && kind == Event.RAW) {
        flow.took(release()); // no read's grant covers these bytes
        mode = Mode.RAW;
        current = null;
        body = null;
        return;
      }
      if (!requests && kind == Event.HEAD) {
        HttpResponse r = (HttpResponse) message;
        counting = r.interim() ? null : exchangeOf(r.request());
        contentSeen = 0;
      }
      if (!requests && kind == Event.END) counting = null;
      if (feeding != this) {
        // a request half replaying bytes it held for an upgrade, while the answer was fed: those
        // bytes passed already, so their requests are only counted
        if (kind == Event.HEAD && message instanceof HttpRequest) {
          order.addLast(decide((HttpRequest) message, false));
        }
        return;
      }
      events.add(new Object[] {kind, offset, message});
    }

    void content(long from, long to) {
      if (contents * 2 + 2 > content.length) content = Arrays.copyOf(content, content.length * 2);
      content[contents * 2] = from;
      content[contents * 2 + 1] = to;
      contents++;
      Exchange x = counting;
      if (x == null) return;
      long point = x.bodyDelayAt;
      long cut = "body".equals(x.abortAt) ? x.abortBytes : Exchange.NONE;
      long seen = contentSeen;
      contentSeen += to - from;
      for (long k : new long[] {point, cut}) {
        if (k > 0 && seen < k && k <= contentSeen) {
          events.add(new Object[] {Event.POINT, from + (k - seen), k});
        }
      }
    }

    // ---- acting

    /** Handles one report; {@code chunk} is null when the bytes were only watched. */
    private long handle(Object[] e, Chunk chunk, long offset, long now) {
      Event kind = (Event) e[0];
      long at = (Long) e[1];
      switch (kind) {
        case HEAD -> {
          return requests
              ? requestHead((HttpRequest) e[2], now)
              : responseHead((HttpResponse) e[2], now);
        }
        case END -> {
          boolean upgrade = false;
          if (requests) {
            HttpRequest r = (HttpRequest) e[2];
            Exchange x = exchangeOf(r);
            if (x != null && x.local && !x.ready) {
              x.ready = true;
              flushAnswers();
            }
            // until its answer comes, what follows an upgrade request may not be HTTP: watched
            upgrade = r.asksToSwitch() && !(x != null && x.local);
          } else {
            HttpResponse r = (HttpResponse) e[2];
            if (!r.interim()) {
              Exchange x = exchangeOf(r.request());
              if (x != null) answered(x);
            }
          }
          current = null;
          body = null;
          if (mode != Mode.RAW) mode = faulting && !upgrade ? Mode.HOLD : Mode.WATCH;
          heldLength = 0;
          return 0;
        }
        case POINT -> {
          return point((Long) e[2], now);
        }
        case RAW -> {
          long h = release();
          mode = Mode.RAW;
          current = null;
          body = null;
          return h;
        }
      }
      return 0;
    }

    private long requestHead(HttpRequest r, long now) {
      boolean whole = mode == Mode.HOLD;
      Exchange x = decide(r, whole);
      order.addLast(x);
      if (!whole) {
        if (mode != Mode.RAW && mode != Mode.WATCH) mode = Mode.PASS;
        return 0;
      }
      if (x.local) {
        tracker.answeredLocally(r);
        heldLength = 0;
        mode = Mode.DROP;
        if (r.expectContinue() && r.expectedBodyEnd() != r.headEnd()) {
          x.ready = true; // the client waits for a 100 before it sends the body: answer now
          flushAnswers();
        }
        return 0;
      }
      startMessage(x, x.requestBody);
      byte[] head = edited(x.requestEdits);
      return emit(head, now, x.requestDelay > 0 ? now + x.requestDelay : Long.MIN_VALUE);
    }

    private long responseHead(HttpResponse r, long now) {
      Exchange x = r.interim() ? null : exchangeOf(r.request());
      if (!r.interim() && r.request() != null && r.request().asksToSwitch()) {
        up.faulting(faulting); // the upgrade was declined: the next requests are held again
      }
      if (!r.interim())
        counters().httpStatus(x != null && x.answer != null ? statusOf(x.answer) : r.status());
      if (mode != Mode.HOLD) return 0;
      if (x == null || x.plain()) {
        mode = Mode.PASS;
        current = null;
        body = null;
        return release();
      }
      byte[] head = heldCopy();
      heldLength = 0;
      if (x.answer != null) { // forwarded, and the upstream's answer replaced
        mode = Mode.DROP;
        flow.answer(x.answer, x.headersDelay);
        return 0;
      }
      if ("response".equals(x.abortAt)) {
        mode = Mode.DROP;
        end(x);
        return 0;
      }
      startMessage(x, x.responseBody);
      long h =
          emit(
              edited(x.responseEdits, head),
              now,
              x.headersDelay > 0 ? now + x.headersDelay : Long.MIN_VALUE);
      if ("headers".equals(x.abortAt) || "body".equals(x.abortAt) && x.abortBytes == 0) {
        mode = Mode.DROP;
        end(x);
      } else if (x.bodyDelayAt == 0) {
        holdNext = now + x.bodyDelay;
      }
      return h;
    }

    private void startMessage(Exchange x, Exchange.Body b) {
      current = x;
      body = b.none() ? null : b;
      holdNext = Long.MIN_VALUE;
      paceAt = Long.MIN_VALUE;
      mode = Mode.PASS;
    }

    /**
     * The body reached byte {@code k}: a delay holds what follows, an abort ends the connection.
     */
    private long point(long k, long now) {
      Exchange x = current;
      if (x == null || mode != Mode.PASS) return 0;
      if ("body".equals(x.abortAt) && x.abortBytes == k) {
        mode = Mode.DROP;
        end(x);
        return 0;
      }
      if (x.bodyDelayAt == k) holdNext = now + x.bodyDelay;
      return 0;
    }

    /** Ends the connection for an abort, once what passed before its point is written. */
    private void end(Exchange x) {
      flow.closeAfterDrain(
          "toxic "
              + x.abortToxic
              + " (http_abort) "
              + (x.abortReset ? "reset" : "closed")
              + " the connection at the "
              + x.abortAt
              + " of "
              + x.request,
          x.abortReset);
      answered(x);
    }

    /** Bytes {@code [from, to)} of a chunk read at {@code offset}, as the mode has them. */
    private long segment(Chunk chunk, int from, int to, long offset, long now) {
      switch (mode) {
        case HOLD -> {
          hold(chunk.data, from, to);
          return 0;
        }
        case DROP -> {
          return 0;
        }
        case WATCH, RAW -> {
          return flow.forward(piece(chunk, from, to), offset + from, now);
        }
        default -> {
          return pass(chunk, from, to, offset, now);
        }
      }
    }

    /** Body bytes through the exchange's plan: corrupted, paced, held after a point. */
    private long pass(Chunk chunk, int from, int to, long offset, long now) {
      Chunk c = piece(chunk, from, to);
      if (body != null && body.corrupt > 0) corrupt(c, offset + from);
      if (body == null || body.rate == Exchange.NONE) {
        return emitChunk(c, offset + from, now, holdNext);
      }
      // paced: pieces of about 10 ms each, released one after another at the rate
      long rate = Math.max(1, body.rate);
      int pieceSize = (int) Math.max(256, Math.min(64 * 1024, rate / 100));
      long held = 0;
      for (int i = 0; i < c.limit; i += pieceSize) {
        int n = Math.min(pieceSize, c.limit - i);
        long due = Math.max(paceAt, Math.max(now, holdNext));
        Chunk p = new Chunk(Arrays.copyOfRange(c.data, i, i + n), 0, n, c.arrival);
        held += emitChunk(p, offset + from + i, now, due);
        if (connection.closed) return held;
        paceAt = due + n * 1_000_000_000L / rate;
      }
      return held;
    }

    private void corrupt(Chunk c, long offset) {
      Rng rng = current.rng;
      long end = offset + c.limit;
      for (int k = 0; k < contents; k++) {
        long from = Math.max(offset, content[2 * k]);
        long to = Math.min(end, content[2 * k + 1]);
        for (long i = from; i < to; i++) {
          if (rng.chance(body.corrupt)) {
            int at = (int) (i - offset);
            c.data[at] = (byte) (c.data[at] ^ (1 + rng.nextLong(255)));
          }
        }
      }
    }

    private long emitChunk(Chunk c, long offset, long now, long due) {
      if (due != Long.MIN_VALUE && due - now > 0) {
        c.held = true;
        c.holdUntil = due;
      }
      return flow.forward(c, offset, now);
    }

    private long emit(byte[] bytes, long now, long due) {
      return emitChunk(new Chunk(bytes, 0, bytes.length, now), half.position(), now, due);
    }

    /**
     * Passes what is held as it is; returns what it holds of the budget within a read (outside one
     * it is taken from the budget here, and 0 returned).
     */
    private long release() {
      if (heldLength == 0) return 0;
      byte[] bytes = heldCopy();
      heldLength = 0;
      long now = connection.loop.nanoTime();
      long h =
          flow.forward(new Chunk(bytes, 0, bytes.length, now), half.position() - bytes.length, now);
      if (reading) return h;
      flow.took(h);
      return 0;
    }

    /** What is held, as an array of its own; a big hold buffer is let go once it was copied. */
    private byte[] heldCopy() {
      byte[] copy = Arrays.copyOf(held, heldLength);
      if (held.length > 1024) held = new byte[0];
      return copy;
    }

    private byte[] edited(Exchange.Edits edits) {
      byte[] head = heldCopy();
      heldLength = 0;
      return edited(edits, head);
    }

    private byte[] edited(Exchange.Edits edits, byte[] head) {
      return edits.none() ? head : HeadEdit.apply(head, edits.remove, edits.set);
    }

    private void hold(byte[] data, int from, int to) {
      int n = to - from;
      if (heldLength + n > held.length) {
        // by a quarter, as what it takes counts against the budget; the tracker gives up on a head
        // past MAX_HEAD, so no more than that and a piece is held
        int grown =
            Math.min(Math.max(512, held.length + held.length / 4), HttpTracker.MAX_HEAD + PIECE);
        held = Arrays.copyOf(held, Math.max(heldLength + n, grown));
      }
      System.arraycopy(data, from, held, heldLength, n);
      heldLength += n;
    }

    private Chunk piece(Chunk chunk, int from, int to) {
      if (from == 0 && to == chunk.limit) return chunk;
      return new Chunk(Arrays.copyOfRange(chunk.data, from, to), 0, to - from, chunk.arrival);
    }
  }
}
