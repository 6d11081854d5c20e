package dev.chaosproxy.internal.loop;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A fixed set of event loops; new work is spread over them round-robin. */
public final class LoopGroup {
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private final EventLoop[] loops;
  private final AtomicInteger next = new AtomicInteger();

  public LoopGroup(int count, int readBufferSize, Ticker ticker) {
    if (count < 1) throw new IllegalArgumentException("eventLoops must be >= 1, was " + count);
    int group = GROUPS.incrementAndGet();
    loops = new EventLoop[count];
    for (int i = 0; i < count; i++) {
      loops[i] = new EventLoop("chaos-proxy-" + group + "-loop-" + i, readBufferSize, ticker);
    }
  }

  public EventLoop next() {
    return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
  }

  public List<EventLoop> all() {
    return List.of(loops);
  }

  /** Runs {@code action} on every loop and waits until all have run it. */
  public void runOnAll(Consumer<EventLoop> action) {
    CompletableFuture<?>[] futures = new CompletableFuture<?>[loops.length];
    for (int i = 0; i < loops.length; i++) {
      EventLoop loop = loops[i];
      if (loop.inLoop()) {
        action.accept(loop);
        futures[i] = CompletableFuture.completedFuture(null);
      } else {
        futures[i] =
            loop.submit(
                () -> {
                  action.accept(loop);
                  return null;
                });
      }
    }
    for (CompletableFuture<?> f : futures) EventLoop.await(f);
  }

  public void shutdown() {
    for (EventLoop loop : loops) loop.shutdown();
  }
}
