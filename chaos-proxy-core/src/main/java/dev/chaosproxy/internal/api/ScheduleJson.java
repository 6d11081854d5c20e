package dev.chaosproxy.internal.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.Schedule;

/** A schedule's definition as JSON, written alike by the server and the remote client. */
public final class ScheduleJson {
  private ScheduleJson() {}

  /**
   * {@code {"name","repeat","steps":[{"duration_ms","down"?,"toxics"?}]}}: {@code repeat} is {@code
   * true} for forever, else the number of runs.
   */
  public static ObjectNode definition(Schedule s) {
    ObjectNode o = Json.object();
    o.put("name", s.name());
    if (s.repeatsForever()) {
      o.put("repeat", true);
    } else {
      o.put("repeat", s.repeat());
    }
    ArrayNode steps = o.putArray("steps");
    for (Schedule.Step step : s.steps()) {
      ObjectNode j = steps.addObject();
      j.put("duration_ms", step.duration().toMillis());
      if (step.down()) j.put("down", true);
      if (!step.toxics().isEmpty()) j.set("toxics", Views.toxics(step.toxics()));
    }
    return o;
  }
}
