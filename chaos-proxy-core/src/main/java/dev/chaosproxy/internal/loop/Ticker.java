package dev.chaosproxy.internal.loop;

/**
 * Where event loops and effects read the time, as Netty's {@code Ticker}: {@link #SYSTEM} in
 * production, a fake that tests move by hand. Values are {@link System#nanoTime()}-like: only
 * differences mean something, and any long (0 and negatives too) is a valid reading.
 */
@FunctionalInterface
public interface Ticker {
  /** The system's monotonic clock. */
  Ticker SYSTEM = System::nanoTime;

  /** The current reading, in nanoseconds. */
  long nanoTime();
}
