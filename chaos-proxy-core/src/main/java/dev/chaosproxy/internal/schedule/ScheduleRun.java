package dev.chaosproxy.internal.schedule;

import dev.chaosproxy.Schedule;
import dev.chaosproxy.ScheduleControl;
import dev.chaosproxy.ScheduleState;
import dev.chaosproxy.ScheduleState.Status;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.loop.EventLoop;
import dev.chaosproxy.internal.loop.Timer;
import dev.chaosproxy.internal.relay.LocalProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One schedule running on a local proxy. Its timer lives on one event loop; when it fires, the loop
 * hands the next step to the engine's {@link Scheduler} thread, which changes the proxy (a control
 * call that waits for the loops) and arms the timer for the step after. Steps start at the planned
 * times (the start plus the steps before), so a slow change does not make the schedule drift.
 */
final class ScheduleRun implements ScheduleControl {
  private static final Logger log = LoggerFactory.getLogger(ScheduleRun.class);

  private final Schedule schedule;
  private final ProxySchedules owner;
  private final LocalProxy proxy;
  private final EventLoop loop;
  private final Scheduler scheduler;

  /** Per step, its toxics under the names they have on the proxy. */
  private final List<List<Toxic>> owned = new ArrayList<>();

  /** Set once no further step may start: stopped, ended, or the proxy closed. */
  private volatile boolean stopping;

  /** Guarded by {@code this}; changes are signalled with {@code notifyAll}. */
  private ScheduleState state;

  /**
   * Scheduler-thread confined: the names of the toxics in place, whether it took the proxy down.
   */
  private Set<String> applied = Set.of();

  private boolean tookDown;

  /** Loop confined. */
  private Timer timer;

  ScheduleRun(Schedule schedule, ProxySchedules owner, LocalProxy proxy, Scheduler scheduler) {
    this.schedule = schedule;
    this.owner = owner;
    this.proxy = proxy;
    this.loop = proxy.engine().loops().next();
    this.scheduler = scheduler;
    this.state = new ScheduleState(schedule.name(), Status.RUNNING, 0, 0);
    for (Schedule.Step step : schedule.steps()) {
      List<Toxic> toxics = new ArrayList<>();
      for (Toxic t : step.toxics()) toxics.add(t.named(schedule.toxicName(t.name())));
      owned.add(List.copyOf(toxics));
    }
  }

  /** Puts step 0 in place and arms the timer for step 1; returns when both are done. */
  void start() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean taken =
        scheduler.offer(
            () -> {
              try {
                enter(0, 0, loop.nanoTime());
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            });
    if (!taken) throw new IllegalStateException("the chaos engine is closed");
    try {
      EventLoop.await(done);
    } catch (RuntimeException e) {
      abandon();
      throw e;
    }
  }

  /**
   * On the scheduler thread: step {@code index} of pass {@code iteration}, planned at {@code at}.
   */
  private void enter(int index, long iteration, long at) {
    if (stopping) return;
    apply(index);
    long deadline = at + schedule.steps().get(index).duration().toNanos();
    loop.call(
        () -> {
          if (!stopping) timer = loop.schedule(deadline, () -> stepOver(deadline));
          return null;
        });
    publish(new ScheduleState(schedule.name(), Status.RUNNING, index, iteration));
  }

  /** On the loop: the step in effect is over; the next one is the scheduler thread's to make. */
  private void stepOver(long at) {
    timer = null;
    if (stopping) return;
    if (!scheduler.offer(() -> advance(at))) stopping = true; // the engine is closing
  }

  /** On the scheduler thread: the next step, the next pass, or the end. */
  private void advance(long at) {
    if (stopping) return;
    ScheduleState now = state();
    int next = now.step() + 1;
    long iteration = now.iteration();
    if (next == schedule.steps().size()) {
      next = 0;
      iteration++;
      if (!schedule.repeatsForever() && iteration >= schedule.repeat()) {
        finish(Status.ENDED);
        return;
      }
    }
    try {
      enter(next, iteration, at);
    } catch (RuntimeException e) {
      if (proxy.isClosed()) {
        abandon();
        return;
      }
      log.warn(
          "schedule '{}' on proxy '{}' failed to start step {}; stopping it",
          schedule.name(),
          proxy.name(),
          next,
          e);
      finish(Status.STOPPED);
    }
  }

  /** On the scheduler thread: puts step {@code index}'s chaos in place of the step before's. */
  private void apply(int index) {
    Schedule.Step step = schedule.steps().get(index);
    List<Toxic> add = owned.get(index);
    Set<String> addNames = new HashSet<>();
    for (Toxic t : add) addNames.add(t.name());
    Set<String> previous = applied;
    if (step.down()) {
      if (proxy.enabled()) {
        proxy.disable();
        tookDown = true;
      }
    } else if (tookDown) {
      tookDown = false;
      proxy.enable();
    }
    if (!previous.isEmpty() || !add.isEmpty()) {
      proxy.updateToxics(
          list -> {
            list.removeIf(t -> previous.contains(t.name()) && !addNames.contains(t.name()));
            return upsert(list, add);
          });
    }
    applied = addNames;
  }

  private static List<Toxic> upsert(List<Toxic> list, List<Toxic> add) {
    for (Toxic t : add) {
      int at = -1;
      for (int i = 0; i < list.size() && at < 0; i++) {
        if (list.get(i).name().equals(t.name())) at = i;
      }
      if (at >= 0) {
        list.set(at, t);
      } else {
        list.add(t);
      }
    }
    return list;
  }

  /** On the scheduler thread: undoes what is in place and records how it ended. */
  private void finish(Status status) {
    if (!state().running()) return;
    stopping = true;
    cancelTimer();
    try {
      undo();
    } catch (RuntimeException e) {
      if (!proxy.isClosed()) {
        log.warn(
            "schedule '{}' on proxy '{}' could not undo its chaos",
            schedule.name(),
            proxy.name(),
            e);
      }
    }
    ScheduleState now = state();
    publish(new ScheduleState(schedule.name(), status, now.step(), now.iteration()));
    if (status == Status.STOPPED) owner.removed(this);
  }

  private void undo() {
    Set<String> previous = applied;
    applied = Set.of();
    if (tookDown) {
      tookDown = false;
      proxy.enable();
    }
    if (!previous.isEmpty()) {
      proxy.updateToxics(
          list -> {
            list.removeIf(t -> previous.contains(t.name()));
            return list;
          });
    }
  }

  /** The proxy is closed (or the start failed): no more steps, nothing to undo. */
  void abandon() {
    stopping = true;
    cancelTimer();
    ScheduleState now = state();
    if (now.running())
      publish(new ScheduleState(schedule.name(), Status.STOPPED, now.step(), now.iteration()));
  }

  private void cancelTimer() {
    loop.execute(
        () -> {
          if (timer != null) {
            timer.cancel();
            timer = null;
          }
        });
  }

  private synchronized void publish(ScheduleState next) {
    state = next;
    notifyAll();
  }

  // ---- ScheduleControl ----

  @Override
  public String name() {
    return schedule.name();
  }

  @Override
  public Schedule schedule() {
    return schedule;
  }

  @Override
  public synchronized ScheduleState state() {
    return state;
  }

  @Override
  public void stop() {
    if (state().running()) {
      stopping = true;
      cancelTimer();
      CompletableFuture<Void> done = new CompletableFuture<>();
      boolean taken =
          scheduler.offer(
              () -> {
                try {
                  finish(Status.STOPPED);
                } finally {
                  done.complete(null);
                }
              });
      if (taken) {
        EventLoop.await(done);
      } else {
        abandon();
      }
    }
    owner.removed(this);
  }

  @Override
  public ScheduleState awaitStep(int index, Duration timeout) {
    return ScheduleWaits.awaitStep(waits, schedule, proxy.name(), index, timeout);
  }

  @Override
  public ScheduleState awaitEnd(Duration timeout) {
    return ScheduleWaits.awaitEnd(waits, proxy.name(), timeout);
  }

  /** Waits on this run's monitor, which {@link #publish} signals. */
  private final ScheduleWaits.Source waits =
      new ScheduleWaits.Source() {
        @Override
        public ScheduleState state() {
          return ScheduleRun.this.state();
        }

        @Override
        public void awaitChange(ScheduleState seen, long nanos) {
          synchronized (ScheduleRun.this) {
            if (state != seen) return;
            try {
              ScheduleRun.this.wait(Math.max(1, nanos / 1_000_000));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(
                  "interrupted while waiting for schedule '" + schedule.name() + "'", e);
            }
          }
        }
      };

  @Override
  public String toString() {
    return ScheduleWaits.describe(proxy.name(), state());
  }
}
