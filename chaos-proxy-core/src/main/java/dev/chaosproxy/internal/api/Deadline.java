package dev.chaosproxy.internal.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time one request may take to arrive, headers and body. When it passes, the worker thread
 * reading it is interrupted: its blocking socket channel closes and the read fails, so a client
 * that stalls or trickles cannot hold a worker. If the body was being read, a 408 is written first.
 *
 * <p>Only the reading is timed: once the body is in, the handler runs without a deadline.
 */
final class Deadline {
  private enum State { HEADERS, BODY, DONE, EXPIRED }

  private final Thread worker = Thread.currentThread();
  private final long millis;
  private State state = State.HEADERS;
  private HttpExchange exchange;
  private ScheduledFuture<?> timer;

  private Deadline(long millis) {
    this.millis = millis;
  }

  /** Runs {@code task} (the JDK server's exchange) on this thread under a deadline of {@code millis}. */
  static void run(Runnable task, long millis, ScheduledExecutorService timers, ThreadLocal<Deadline> current) {
    Deadline d = new Deadline(millis);
    current.set(d);
    try {
      synchronized (d) {
        try {
          d.timer = timers.schedule(d::expire, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
          // The server is closing: its exchanges are being cut anyway.
        }
      }
      task.run();
    } finally {
      synchronized (d) {
        if (d.state != State.EXPIRED) d.state = State.DONE;
        if (d.timer != null) d.timer.cancel(false);
      }
      // No interrupt can come after DONE or EXPIRED; one that came before is cleared here,
      // so that it does not leak into the next task on this pooled thread.
      Thread.interrupted();
      current.remove();
    }
  }

  /** The headers are in and the body of {@code ex} is about to be read; false if too late. */
  synchronized boolean readingBody(HttpExchange ex) {
    if (state != State.HEADERS) return state != State.EXPIRED;
    state = State.BODY;
    exchange = ex;
    return true;
  }

  /** The request is in (or needs no body): the deadline no longer applies. False if it expired first. */
  synchronized boolean received() {
    if (state == State.EXPIRED) return false;
    state = State.DONE;
    exchange = null;
    return true;
  }

  private synchronized void expire() {
    if (state == State.DONE || state == State.EXPIRED) return;
    boolean body = state == State.BODY;
    state = State.EXPIRED;
    if (body) answer(exchange);
    worker.interrupt();
  }

  /** Writes the 408 without closing the exchange: closing would first drain the stalled body. */
  private void answer(HttpExchange ex) {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    Reply reply = Reply.error(408, "request timeout: the request body"
        + (length == null ? "" : " (Content-Length: " + length + ")")
        + " did not arrive within " + describe(millis) + "; the connection is closed");
    try {
      ex.getResponseHeaders().set("Content-Type", reply.contentType);
      ex.getResponseHeaders().set("Connection", "close");
      ex.sendResponseHeaders(reply.status, reply.body.length);
      OutputStream out = ex.getResponseBody();
      out.write(reply.body);
      out.flush();
    } catch (IOException | RuntimeException e) {
      // The client is gone or the socket is full: closing it is all that is left.
    }
  }

  /** {@code 10 s} or {@code 300 ms}. */
  static String describe(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
