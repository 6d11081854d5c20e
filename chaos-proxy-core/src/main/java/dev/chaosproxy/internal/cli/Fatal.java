package dev.chaosproxy.internal.cli;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.internal.loop.EventLoop;
import java.io.PrintStream;

/**
 * How the standalone process ends when something is beyond repair: a best-effort line on stderr,
 * then {@link Runtime#halt} with {@link #EXIT_CODE}, which runs no shutdown hook and so cannot
 * wedge (after an OutOfMemoryError, the graceful stop may not be able to run).
 */
final class Fatal {
  /** EX_SOFTWARE: an internal error. */
  static final int EXIT_CODE = 70;

  /**
   * A test-only switch: throw an OutOfMemoryError on the first event loop this many ms after start.
   */
  static final String INJECT_PROPERTY = "chaosproxy.internal.injectLoopErrorAfterMs";

  private Fatal() {}

  /** Any Error no one caught, on any thread, ends the process. */
  static void onUncaughtErrors() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if (e instanceof Error) halt("uncaught error on thread " + thread.getName(), e);
          if (previous != null) {
            previous.uncaughtException(thread, e);
          } else {
            e.printStackTrace();
          }
        });
  }

  static void halt(String what, Throwable e) {
    try {
      PrintStream err = System.err;
      err.println("chaos-proxy: " + what + ": " + e + "; exiting with code " + EXIT_CODE);
      err.flush();
    } catch (Throwable ignored) {
      // out of memory even for that line
    }
    Runtime.getRuntime().halt(EXIT_CODE);
  }

  /** Halts the process if it has not ended within {@code millis}: the graceful stop wedged. */
  static void watchdog(long millis) {
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(millis);
              } catch (InterruptedException e) {
                return;
              }
              halt(
                  "the graceful stop did not finish within " + millis + " ms",
                  new IllegalStateException("stop wedged"));
            },
            "chaos-proxy-stop-watchdog");
    t.setDaemon(true);
    t.start();
  }

  /** For tests of the above in a real process: see {@link #INJECT_PROPERTY}. */
  static void injectForTests(ChaosEngine engine) {
    String after = System.getProperty(INJECT_PROPERTY);
    if (after == null) return;
    long nanos = Long.parseLong(after) * 1_000_000L;
    EventLoop loop = Engines.core(engine).loops().all().get(0);
    loop.execute(
        () ->
            loop.schedule(
                loop.nanoTime() + nanos,
                () -> {
                  throw new OutOfMemoryError("injected by " + INJECT_PROPERTY);
                }));
  }
}
