package dev.chaosproxy.internal.schedule;

import dev.chaosproxy.Schedule;
import dev.chaosproxy.ScheduleControl;
import dev.chaosproxy.internal.relay.LocalProxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The schedules of one local proxy: the running ones and those that ended (until started again,
 * stopped or reset); stopped ones are forgotten.
 */
public final class ProxySchedules {
  private final LocalProxy proxy;

  /** Guarded by {@code this}, in start order. */
  private final Map<String, ScheduleRun> runs = new LinkedHashMap<>();

  private boolean closed;

  public ProxySchedules(LocalProxy proxy) {
    this.proxy = proxy;
  }

  /**
   * Starts {@code schedule}; returns once its first step is in effect.
   *
   * @throws IllegalArgumentException if one of that name is running
   * @throws IllegalStateException if the proxy is closed
   */
  public ScheduleControl start(Schedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    ScheduleRun run;
    synchronized (this) {
      if (closed || proxy.isClosed()) {
        throw new IllegalStateException("proxy '" + proxy.name() + "' is closed");
      }
      ScheduleRun existing = runs.get(schedule.name());
      if (existing != null && existing.state().running()) {
        throw new IllegalArgumentException(
            "a schedule named '"
                + schedule.name()
                + "' is running on proxy '"
                + proxy.name()
                + "'; stop() it first, or give the new one another name");
      }
      run = new ScheduleRun(schedule, this, proxy, proxy.engine().scheduler());
      runs.remove(schedule.name());
      runs.put(schedule.name(), run);
    }
    try {
      run.start();
    } catch (RuntimeException e) {
      removed(run);
      throw e;
    }
    return run;
  }

  /** The running and ended schedules, oldest first. */
  public synchronized List<ScheduleControl> list() {
    return List.copyOf(runs.values());
  }

  /** The schedule {@code name}, if listed. */
  public synchronized Optional<ScheduleControl> find(String name) {
    return Optional.ofNullable(runs.get(name));
  }

  /**
   * The schedule {@code name}.
   *
   * @throws IllegalArgumentException if there is none, naming those there are
   */
  public ScheduleControl get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no schedule named '"
                        + name
                        + "' on proxy '"
                        + proxy.name()
                        + "'; schedules: "
                        + names()));
  }

  /** The listed names, oldest first. */
  public synchronized List<String> names() {
    return List.copyOf(runs.keySet());
  }

  /** Stops every schedule (undoing its chaos) and forgets the ended ones: part of a reset. */
  public void stopAll() {
    List<ScheduleRun> all;
    synchronized (this) {
      all = new ArrayList<>(runs.values());
    }
    for (ScheduleRun r : all) r.stop();
    synchronized (this) {
      runs.values().removeAll(all);
    }
  }

  synchronized void removed(ScheduleRun run) {
    runs.remove(run.name(), run);
  }

  /** The proxy is closed: no schedule starts another step; nothing is undone. */
  public void close() {
    List<ScheduleRun> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(runs.values());
    }
    for (ScheduleRun r : all) r.abandon();
  }
}
