package dev.chaosproxy.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/** The largest value a gauge showed while it was watched: sampled every 50 µs on a thread. */
public final class PeakSampler implements AutoCloseable {
  private final AtomicLong peak = new AtomicLong(Long.MIN_VALUE);
  private final AtomicBoolean done = new AtomicBoolean();
  private final Thread thread;

  private PeakSampler(LongSupplier gauge) {
    thread =
        new Thread(
            () -> {
              while (!done.get()) {
                peak.accumulateAndGet(gauge.getAsLong(), Math::max);
                LockSupport.parkNanos(50_000); // sampling, not synchronising: no core spun
              }
            },
            "peak-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts watching {@code gauge}. */
  public static PeakSampler watch(LongSupplier gauge) {
    return new PeakSampler(gauge);
  }

  /** The largest value seen so far. */
  public long peak() {
    return peak.get();
  }

  /** Stops watching; {@link #peak()} keeps its last value. */
  @Override
  public void close() throws InterruptedException {
    done.set(true);
    thread.join();
  }
}
