package dev.chaosproxy.internal.schedule;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine's one schedule thread: it applies every schedule's steps in turn. A step's change is a
 * control call that waits for the event loops, so the loop whose timer says "next step" hands the
 * change here instead of making it. The thread starts on first need and ends after a second idle.
 */
public final class Scheduler {
  private static final AtomicInteger IDS = new AtomicInteger();

  private final ThreadPoolExecutor executor;

  /** The thread made last: the one there is, if any (one at a time). */
  private volatile Thread thread;

  private final String threadName = "chaos-proxy-schedules-" + IDS.incrementAndGet();

  public Scheduler() {
    executor =
        new ThreadPoolExecutor(
            1,
            1,
            1,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              thread = t;
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
  }

  /** The name of its thread (while it has one). */
  public String threadName() {
    return threadName;
  }

  /** Where schedules' changes run, one at a time, in the order they were handed over. */
  Executor executor() {
    return executor;
  }

  /** Whether {@code task} was taken; false once the engine is closed. */
  boolean offer(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException closed) {
      return false;
    }
  }

  /** Runs what is queued, then stops the thread; waits up to 10 s for it to end. */
  public void close() {
    executor.shutdown();
    try {
      if (executor.awaitTermination(10, TimeUnit.SECONDS)) {
        Thread t = thread;
        if (t != null) t.join(10_000); // terminated is set just before the thread ends
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
