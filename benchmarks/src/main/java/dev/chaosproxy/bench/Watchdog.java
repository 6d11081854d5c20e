package dev.chaosproxy.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds a measurement: if it is not done by its deadline, its sockets are closed, which unblocks
 * any thread waiting on a target that stopped answering, and the failure is reported as a hang.
 */
final class Watchdog {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "watchdog");
            t.setDaemon(true);
            return t;
          });

  /** Work that uses sockets from a registry. */
  interface Work<T> {
    T run(SocketRegistry sockets) throws Exception;
  }

  private Watchdog() {}

  /** Runs {@code work}; closes its sockets when done, failed, or {@code limit} has passed. */
  static <T> T guarded(Duration limit, Work<T> work) throws Exception {
    SocketRegistry sockets = new SocketRegistry();
    AtomicBoolean fired = new AtomicBoolean();
    ScheduledFuture<?> alarm =
        TIMER.schedule(
            () -> {
              fired.set(true);
              sockets.close();
            },
            limit.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return work.run(sockets);
    } catch (Exception e) {
      if (fired.get()) {
        TimeoutException t =
            new TimeoutException(
                "no result within "
                    + limit.toSeconds()
                    + " s, sockets closed by the watchdog (target hung?): "
                    + e);
        t.initCause(e);
        throw t;
      }
      throw e;
    } finally {
      alarm.cancel(false);
      sockets.close();
    }
  }
}
