package dev.chaosproxy.testcontainers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.Schedule;
import dev.chaosproxy.ScheduleControl;
import dev.chaosproxy.ScheduleState;
import dev.chaosproxy.ScheduleState.Status;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.api.ScheduleJson;
import dev.chaosproxy.internal.schedule.ScheduleWaits;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link ScheduleControl} for a schedule on a proxy in a container, over {@code
 * /proxies/{p}/schedules/{s}}. Waits poll its state every 10 ms until their deadline; a step counts
 * as reached once the state has moved past it, so a step shorter than a poll is not missed.
 */
final class RemoteSchedule implements ScheduleControl {
  private static final long POLL_NANOS = 10_000_000;

  private final RemoteProxy.Remote proxy;
  private final Schedule schedule;

  /** The state last seen: what {@link #state()} answers once the proxy or schedule is gone. */
  private volatile ScheduleState last;

  RemoteSchedule(RemoteProxy.Remote proxy, JsonNode json) {
    this.proxy = proxy;
    this.schedule = schedule(json);
    this.last = state(json);
  }

  // ---- the wire ----

  /** {@code {"name","repeat","steps":[...]}}, as the server reads it. */
  static ObjectNode json(Schedule s) {
    return ScheduleJson.definition(s);
  }

  /** The schedule as the server shows it. */
  static Schedule schedule(JsonNode json) {
    Schedule.Builder b = Schedule.named(json.path("name").asText());
    for (JsonNode step : json.path("steps")) {
      Duration d = Duration.ofMillis(step.path("duration_ms").asLong());
      List<Toxic> toxics =
          step.path("toxics").isArray() ? Wire.toxicList(step.path("toxics")) : List.of();
      if (step.path("down").asBoolean(false)) {
        b.down(d);
      } else if (toxics.isEmpty()) {
        b.step(d);
      } else {
        b.step(d, c -> toxics.forEach(c::add));
      }
    }
    JsonNode repeat = json.path("repeat");
    if (repeat.isBoolean() && repeat.booleanValue()) {
      b.repeatForever();
    } else if (repeat.isInt()) {
      b.repeat(repeat.intValue());
    }
    return b.build();
  }

  private static ScheduleState state(JsonNode json) {
    return new ScheduleState(
        json.path("name").asText(),
        Status.valueOf(json.path("status").asText("running").toUpperCase(Locale.ROOT)),
        json.path("step").asInt(),
        json.path("iteration").asLong());
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

  /**
   * As the server says; once the proxy is closed or the schedule stopped, the last seen, stopped.
   */
  @Override
  public ScheduleState state() {
    ScheduleState seen = last;
    if (!seen.running()) return seen;
    JsonNode json =
        proxy.closed
            ? null
            : proxy.client.get(
                proxy.client.url("proxies", proxy.name, "schedules", schedule.name()),
                (code, message) -> null);
    ScheduleState now =
        json == null
            ? new ScheduleState(seen.name(), Status.STOPPED, seen.step(), seen.iteration())
            : state(json);
    last = now;
    return now;
  }

  @Override
  public ScheduleState awaitStep(int index, Duration timeout) {
    return ScheduleWaits.awaitStep(polls, schedule, proxy.name, index, timeout);
  }

  @Override
  public ScheduleState awaitEnd(Duration timeout) {
    return ScheduleWaits.awaitEnd(polls, proxy.name, timeout);
  }

  /** Asks the API again after at most 10 ms. */
  private final ScheduleWaits.Source polls =
      new ScheduleWaits.Source() {
        @Override
        public ScheduleState state() {
          return RemoteSchedule.this.state();
        }

        @Override
        public void awaitChange(ScheduleState seen, long nanos) {
          LockSupport.parkNanos(Math.min(POLL_NANOS, nanos));
          if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                "interrupted while waiting for schedule '" + schedule.name() + "'");
          }
        }
      };

  @Override
  public void stop() {
    ScheduleState seen = last;
    if (!proxy.closed) {
      proxy.client.call(
          "DELETE",
          proxy.client.url("proxies", proxy.name, "schedules", schedule.name()),
          null,
          (code, message) -> null);
    }
    if (seen.running()) {
      last = new ScheduleState(seen.name(), Status.STOPPED, seen.step(), seen.iteration());
    }
  }

  @Override
  public String toString() {
    return ScheduleWaits.describe(proxy.name, last);
  }
}
