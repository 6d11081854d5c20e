package dev.chaosproxy.internal.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread, one {@link Selector}: it owns the channels registered with it for life, runs tasks
 * handed over from other threads, and fires its own timers. Nothing on it blocks or sleeps.
 */
public final class EventLoop implements Executor {
  /** How long a cross-thread {@link #call} waits before giving up on a stuck loop. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** Cancelled timers below this many are left for the heap to drop as they come due. */
  static final int PURGE_THRESHOLD = 64;

  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();

  /** Cancelled timers still in {@link #timers}; past half of it, they are purged at once. */
  private int cancelledTimers;

  private final Ticker ticker;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private long timerSeq;
  private volatile boolean running = true;

  /** Told of every {@link Error} the loop recovered from (the standalone jar exits on it). */
  private volatile Consumer<Throwable> onError;

  /** Memory given back when an Error strikes, so that the recovery and its log line can run. */
  private byte[] reserve = new byte[64 * 1024];

  /** Scratch buffer for reads on this loop; never held across events. */
  private final ByteBuffer readBuffer;

  private byte[] scratch;

  public EventLoop(String name, int readBufferSize) {
    this(name, readBufferSize, Ticker.SYSTEM);
  }

  public EventLoop(String name, int readBufferSize, Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.readBuffer = ByteBuffer.allocateDirect(readBufferSize);
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  public Selector selector() {
    return selector;
  }

  public ByteBuffer readBuffer() {
    return readBuffer;
  }

  /**
   * A heap array as big as the read buffer, for copying bytes out of it within one handler call (so
   * connections need no copy buffer of their own).
   */
  public byte[] scratch() {
    checkInLoop("scratch");
    if (scratch == null) scratch = new byte[readBuffer.capacity()];
    return scratch;
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /**
   * Throws unless called on this loop's thread, as Netty's {@code inEventLoop()} checks: state
   * confined to the loop is then never touched by another thread unnoticed.
   */
  public void checkInLoop(String what) {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          what
              + " must run on event loop "
              + thread.getName()
              + ", not on thread "
              + Thread.currentThread().getName());
    }
  }

  /** This loop's clock: what timers and the effects on it measure time by. */
  public long nanoTime() {
    return ticker.nanoTime();
  }

  public Ticker ticker() {
    return ticker;
  }

  public Thread thread() {
    return thread;
  }

  /** Sets what is told of each {@link Error} this loop recovers from; engine-internal. */
  public void onError(Consumer<Throwable> hook) {
    this.onError = hook;
  }

  /** Runs {@code task} on this loop soon; from any thread. */
  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (!inLoop() && wakeupPending.compareAndSet(false, true)) selector.wakeup();
  }

  /** Runs {@code task} on this loop and waits for its result (inline when already on the loop). */
  public <T> T call(Callable<T> task) {
    if (inLoop()) {
      try {
        return task.call();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    CompletableFuture<T> result = submit(task);
    return await(result);
  }

  /** Runs {@code task} on this loop; the future completes with its result. */
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (!running) {
      result.completeExceptionally(new IllegalStateException("the chaos engine is closed"));
      return result;
    }
    execute(
        () -> {
          try {
            result.complete(task.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result;
  }

  /** Waits for a future completed by a loop, unwrapping its failure. */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the event loop", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the event loop did not answer within " + CALL_TIMEOUT.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
      if (cause instanceof Error) throw (Error) cause;
      throw new IllegalStateException(cause);
    }
  }

  /** Schedules {@code action} at the {@code deadline} ({@link #nanoTime}); loop thread only. */
  public Timer schedule(long deadline, Runnable action) {
    checkInLoop("schedule");
    Timer t = new Timer(this, deadline, timerSeq++, action);
    timers.add(t);
    return t;
  }

  /** Timers in the heap, cancelled ones not yet purged included (for tests). */
  int timersQueued() {
    return timers.size();
  }

  /** Told by a queued {@link Timer} that it was cancelled; purges when they are half the heap. */
  void timerCancelled() {
    cancelledTimers++;
    if (cancelledTimers < PURGE_THRESHOLD || cancelledTimers * 2 < timers.size()) return;
    // removeIf on a PriorityQueue rebuilds the heap in O(n): O(1) amortized per cancel.
    timers.removeIf(
        t -> {
          if (!t.isCancelled()) return false;
          t.queued = false;
          return true;
        });
    cancelledTimers = 0;
  }

  /**
   * Fires the timers due now; loop thread only. The loop does so on every turn; a test that moved a
   * fake {@link Ticker} calls it to have the timers due at the new time run before it goes on.
   */
  public void runDueTimers() {
    checkInLoop("runDueTimers");
    runTimers();
  }

  /**
   * Processes cancelled keys now, so that channels closed on this loop release their file
   * descriptors (and listening ports) before the caller goes on. Loop thread only.
   */
  public void flushClosedChannels() {
    try {
      selector.selectNow();
    } catch (IOException | ClosedSelectorException e) {
      Log.LOG.debug("selectNow failed while flushing closed channels", e);
    }
  }

  /** Stops the loop after the tasks already queued and waits for its thread to end. */
  public void shutdown() {
    if (!running) {
      awaitTermination();
      return;
    }
    execute(() -> running = false);
    if (inLoop()) return;
    awaitTermination();
  }

  /** Waits until the loop's thread has ended: when close returns, no thread of it is alive. */
  private void awaitTermination() {
    if (inLoop()) return;
    try {
      terminated.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      thread.join(CALL_TIMEOUT.toMillis()); // it completes the future just before it returns
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      Log.LOG.warn("event loop {} did not stop in time", thread.getName(), e);
    }
  }

  private void run() {
    try {
      while (running) {
        try {
          runTasks();
          long timeoutMillis = runTimers();
          if (!running) break;
          wakeupPending.set(false);
          if (!tasks.isEmpty()) {
            selector.selectNow();
          } else if (timeoutMillis < 0) {
            selector.select();
          } else {
            selector.select(timeoutMillis);
          }
          processSelectedKeys();
        } catch (ClosedSelectorException e) {
          break;
        } catch (Throwable t) {
          failed("unexpected error on event loop " + thread.getName(), t);
        }
      }
      runTasks();
    } finally {
      closeEverything();
      terminated.complete(null);
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (Throwable t) {
        failed("task failed on event loop " + thread.getName(), t);
      }
    }
  }

  /** Fires due timers; returns the milliseconds to the next one, or -1 when there is none. */
  private long runTimers() {
    long now = ticker.nanoTime();
    while (true) {
      Timer next = timers.peek();
      if (next == null) return -1;
      if (next.isCancelled()) {
        timers.poll();
        next.queued = false;
        cancelledTimers--;
        continue;
      }
      long wait = next.deadline - now;
      if (wait > 0) {
        // select() takes whole milliseconds; round up so a timer never fires early.
        return Math.max(1, (wait + 999_999) / 1_000_000);
      }
      timers.poll();
      next.queued = false;
      Runnable action = next.take();
      try {
        action.run();
      } catch (Throwable t) {
        failed("timer failed on event loop " + thread.getName(), t);
      }
      now = ticker.nanoTime();
    }
  }

  private void processSelectedKeys() {
    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
    while (it.hasNext()) {
      SelectionKey key = it.next();
      it.remove();
      if (!key.isValid()) continue;
      IoHandler handler = (IoHandler) key.attachment();
      int ready;
      try {
        ready = key.readyOps();
      } catch (RuntimeException e) {
        continue; // cancelled meanwhile
      }
      try {
        handler.ready(key, ready);
      } catch (Error e) {
        failed("I/O handler failed on event loop " + thread.getName(), e);
      } catch (Throwable t) {
        Log.LOG.error("I/O handler failed on event loop {}", thread.getName(), t);
        try {
          handler.failed(t);
        } catch (Throwable ignored) {
          // nothing more to do
        }
      }
    }
  }

  /**
   * Something threw on the loop. An exception is logged and the loop goes on. An {@link Error} (out
   * of memory, say) may have left any connection of this loop half-updated, so the loop resets all
   * of them (which frees their buffers) before it logs, then goes on serving: new connections are
   * relayed as before. The {@linkplain #onError hook} is told last.
   */
  private void failed(String what, Throwable t) {
    if (!(t instanceof Error)) {
      Log.LOG.error(what, t);
      return;
    }
    reserve = null;
    int reset = 0;
    try {
      reset = resetAll(t);
    } catch (Throwable ignored) {
      // as many as could be
    }
    try {
      Log.LOG.error(
          "{}: {}; reset every connection of this loop ({} sockets), which goes on",
          what,
          t,
          reset,
          t);
    } catch (Throwable ignored) {
      // out of memory even for the log line: the reset above still happened
    }
    try {
      reserve = new byte[64 * 1024];
    } catch (Throwable ignored) {
      // retried at the next error
    }
    Consumer<Throwable> hook = onError;
    if (hook != null) {
      try {
        hook.accept(t);
      } catch (Throwable ignored) {
        // the hook is best effort
      }
    }
  }

  /** Resets every connection registered with this loop; returns how many handlers were told. */
  private int resetAll(Throwable cause) {
    String reason =
        "internal error on event loop "
            + thread.getName()
            + ": "
            + cause.getClass().getSimpleName();
    int n = 0;
    for (SelectionKey key : selector.keys().toArray(new SelectionKey[0])) {
      Object a = key.attachment();
      if (!(a instanceof IoHandler)) continue;
      try {
        ((IoHandler) a).reset(reason);
        n++;
      } catch (Throwable ignored) {
        // the next one
      }
    }
    return n;
  }

  private void closeEverything() {
    for (SelectionKey key : selector.keys()) {
      try {
        key.channel().close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    try {
      selector.selectNow();
      selector.close();
    } catch (IOException | ClosedSelectorException ignored) {
      // closing anyway
    }
    for (Timer t : timers) t.queued = false;
    timers.clear();
    cancelledTimers = 0;
  }

  @Override
  public String toString() {
    return thread.getName();
  }

  /** The logger, made on first use: the control API starts before logging is configured. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
  }
}
