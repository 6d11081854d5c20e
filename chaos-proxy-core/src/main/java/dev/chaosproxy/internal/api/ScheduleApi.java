package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.Schedule;
import dev.chaosproxy.ScheduleControl;
import dev.chaosproxy.ScheduleState;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.relay.LocalProxy;
import java.time.Duration;
import java.util.List;

/**
 * A proxy's schedules: {@code POST}/{@code GET /proxies/{p}/schedules}, {@code GET}/{@code DELETE
 * /proxies/{p}/schedules/{s}}. A schedule is {@code {"name","repeat","steps":[{"duration_ms",
 * "toxics"?,"down"?}]}}; its answer adds where it is ({@code status}, {@code step}, {@code
 * iteration}).
 */
final class ScheduleApi {
  static final List<String> FIELDS = List.of("name", "repeat", "steps");
  static final List<String> STEP_FIELDS = List.of("duration_ms", "toxics", "down");

  private final ToxiproxyApi proxies;

  ScheduleApi(ToxiproxyApi proxies) {
    this.proxies = proxies;
  }

  void register(Router r) {
    r.add("POST", "/proxies/{proxy}/schedules", this::start);
    r.add("GET", "/proxies/{proxy}/schedules", this::list);
    r.add("GET", "/proxies/{proxy}/schedules/{schedule}", c -> Reply.ok(view(schedule(c))));
    r.add("DELETE", "/proxies/{proxy}/schedules/{schedule}", this::stop);
  }

  private Reply start(Call c) {
    LocalProxy p = proxies.proxy(c);
    Schedule s = parse(c.json());
    if (p.schedules().find(s.name()).map(x -> x.state().running()).orElse(false)) {
      throw exists(s.name(), p.name());
    }
    ScheduleControl started;
    try {
      started = p.schedules().start(s);
    } catch (IllegalArgumentException e) {
      throw exists(s.name(), p.name()); // started meanwhile by another call
    } catch (IllegalStateException e) {
      throw ApiException.proxyNotFound(p.name(), " (deleted meanwhile)");
    }
    return Reply.json(201, view(started));
  }

  private static ApiException exists(String schedule, String proxy) {
    return ApiException.conflict(
        ApiException.SCHEDULE_EXISTS,
        "schedule already exists: '"
            + schedule
            + "' is running on proxy '"
            + proxy
            + "'; DELETE /proxies/"
            + proxy
            + "/schedules/"
            + schedule
            + " first, or give the new one another name");
  }

  private Reply list(Call c) {
    ArrayNode a = Json.array();
    for (ScheduleControl s : proxies.proxy(c).schedules().list()) a.add(view(s));
    return Reply.ok(a);
  }

  private ScheduleControl schedule(Call c) {
    LocalProxy p = proxies.proxy(c);
    String name = c.param("schedule");
    return p.schedules()
        .find(name)
        .orElseThrow(
            () ->
                new ApiException(
                    404,
                    ApiException.SCHEDULE_NOT_FOUND,
                    "schedule not found: '"
                        + name
                        + "' on proxy '"
                        + p.name()
                        + "'; schedules: "
                        + p.schedules().names()));
  }

  private Reply stop(Call c) {
    schedule(c).stop();
    return Reply.empty(204);
  }

  /** A schedule from its JSON; every mistake is a 400 naming the field, its unit and range. */
  static Schedule parse(JsonNode json) {
    Body b = Body.of(json, "schedule", FIELDS);
    String name = b.requiredString("name");
    Schedule.Builder builder = schema(() -> Schedule.named(name));
    ArrayNode steps = b.array("steps").orElse(null);
    if (steps == null) throw ApiException.missingField("steps");
    if (steps.isEmpty() || steps.size() > Schedule.MAX_STEPS) {
      throw ApiException.badBody(
          "field 'steps' of schedule '"
              + name
              + "' must have from 1 to "
              + Schedule.MAX_STEPS
              + " steps, had "
              + steps.size());
    }
    int i = 0;
    for (JsonNode step : steps) {
      i++;
      String where = "step " + i + " of schedule '" + name + "'";
      try {
        step(builder, Body.of(step, "schedule step", STEP_FIELDS), where);
      } catch (ApiException e) {
        throw e.at(where);
      }
    }
    JsonNode repeat = json.get("repeat");
    if (repeat != null && !repeat.isNull()) {
      if (repeat.isBoolean()) {
        if (repeat.booleanValue()) builder.repeatForever();
      } else if (repeat.canConvertToInt() && repeat.isIntegralNumber() && repeat.intValue() >= 1) {
        builder.repeat(repeat.intValue());
      } else {
        throw ApiException.badBody(
            "field 'repeat' of a schedule is true (forever), false (once, the default) or how many"
                + " times the steps run in all, a whole number from 1 to "
                + Integer.MAX_VALUE
                + "; was "
                + Json.show(repeat));
      }
    }
    return schema(builder::build);
  }

  private static void step(Schedule.Builder builder, Body b, String where) {
    if (!b.has("duration_ms")) throw ApiException.missingField("duration_ms");
    long ms = b.whole("duration_ms", 1, Schedule.MAX_STEP.toMillis(), "milliseconds").getAsLong();
    Duration d = Duration.ofMillis(ms);
    boolean down = b.bool("down").orElse(false);
    List<Toxic> toxics =
        b.has("toxics")
            ? ToxicBodies.createAll(b.array("toxics").get(), "the toxics of " + where)
            : List.of();
    if (down && !toxics.isEmpty()) {
      throw ApiException.badBody(
          "a schedule step is either down (the proxy refuses clients) or holds toxics, not both");
    }
    schema(
        () ->
            down
                ? builder.down(d)
                : toxics.isEmpty()
                    ? builder.step(d)
                    : builder.step(d, c -> toxics.forEach(c::add)));
  }

  /** {@code {"name","status","step","iteration","repeat","steps":[...]}}. */
  static ObjectNode view(ScheduleControl control) {
    ScheduleState state = control.state();
    ObjectNode o = Json.object();
    o.put("name", control.name());
    o.put("status", state.status().wireName());
    o.put("step", state.step());
    o.put("iteration", state.iteration());
    o.setAll(ScheduleJson.definition(control.schedule()));
    return o;
  }

  /** Runs a core validation, turning its message into a 400. */
  private static <T> T schema(java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (IllegalArgumentException e) {
      throw ApiException.badBody(e.getMessage());
    }
  }
}
