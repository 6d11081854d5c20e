package dev.chaosproxy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ControlServer;
import dev.chaosproxy.FakeClock;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.ScheduleControl;
import dev.chaosproxy.ScheduleState.Status;
import dev.chaosproxy.testing.Http;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /proxies/{p}/schedules}: start, inspect, stop, reset, and every mistake a 4xx. */
class ScheduleApiTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String FLAP =
      "{\"name\":\"flap\",\"repeat\":true,\"steps\":["
          + "{\"duration_ms\":500,\"toxics\":[{\"type\":\"timeout\",\"stream\":\"downstream\","
          + "\"attributes\":{\"timeout\":0}}]},"
          + "{\"duration_ms\":1500}]}";

  private final FakeClock clock = new FakeClock();
  private final ChaosEngine engine = clock.engine;
  private final ControlServer server = ControlServer.builder(engine).start();
  private final Http api = new Http(server.uri());
  private final ProxyControl redis = engine.newProxy("redis").upstream("127.0.0.1:1").start();

  @AfterEach
  void close() {
    server.close();
    clock.close();
  }

  @Test
  void aFlapStartsShowsItsStateAndStops() {
    Http.Response created = api.post("/proxies/redis/schedules", FLAP);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode json = created.json();
    assertThat(json.get("name").asText()).isEqualTo("flap");
    assertThat(json.get("status").asText()).isEqualTo("running");
    assertThat(json.get("step").asInt()).isZero();
    assertThat(json.get("iteration").asLong()).isZero();
    assertThat(json.get("repeat").asBoolean()).isTrue();
    assertThat(json.get("steps").get(0).get("duration_ms").asLong()).isEqualTo(500);
    assertThat(json.get("steps").get(0).get("toxics").get(0).get("name").asText())
        .isEqualTo("timeout_downstream");
    assertThat(json.get("steps").get(1).has("toxics")).isFalse();
    assertThat(api.get("/proxies/redis/toxics").json().get(0).get("name").asText())
        .isEqualTo("flap.timeout_downstream");

    ScheduleControl flap = redis.schedule("flap");
    clock.advanceMillis(500);
    flap.awaitStep(1, WAIT);
    JsonNode state = api.get("/proxies/redis/schedules/flap").json();
    assertThat(state.get("step").asInt()).isEqualTo(1);
    assertThat(api.get("/proxies/redis/toxics").json()).isEmpty();
    assertThat(api.get("/proxies/redis/schedules").json()).hasSize(1);

    assertThat(api.delete("/proxies/redis/schedules/flap").status()).isEqualTo(204);
    assertThat(flap.state().status()).isEqualTo(Status.STOPPED);
    assertThat(api.get("/proxies/redis/schedules").json()).isEmpty();
    Http.Response gone = api.get("/proxies/redis/schedules/flap");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().get("code").asText()).isEqualTo("schedule_not_found");
    assertThat(gone.error())
        .isEqualTo("schedule not found: 'flap' on proxy 'redis'; schedules: []");
  }

  @Test
  void aDownStepThenUpAndAnEndedScheduleStaysListed() {
    Http.Response r =
        api.post(
            "/proxies/redis/schedules",
            "{\"name\":\"outage\",\"steps\":[{\"duration_ms\":3000,\"down\":true}]}");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("repeat").asInt()).isEqualTo(1);
    assertThat(api.get("/proxies/redis").json().get("enabled").asBoolean()).isFalse();
    clock.advanceMillis(3000);
    redis.schedule("outage").awaitEnd(WAIT);
    assertThat(api.get("/proxies/redis").json().get("enabled").asBoolean()).isTrue();
    assertThat(api.get("/proxies/redis/schedules/outage").json().get("status").asText())
        .isEqualTo("ended");
    // an ended schedule's name may be used again
    assertThat(
            api.post(
                    "/proxies/redis/schedules",
                    "{\"name\":\"outage\",\"repeat\":2,\"steps\":[{\"duration_ms\":10}]}")
                .status())
        .isEqualTo(201);
  }

  @Test
  void resetEndsSchedules() {
    api.post("/proxies/redis/schedules", FLAP);
    assertThat(api.post("/proxies/redis/reset", null).status()).isEqualTo(204);
    assertThat(api.get("/proxies/redis/schedules").json()).isEmpty();
    assertThat(api.get("/proxies/redis/toxics").json()).isEmpty();
    api.post("/proxies/redis/schedules", FLAP);
    assertThat(api.post("/reset", null).status()).isEqualTo(204);
    assertThat(api.get("/proxies/redis/schedules").json()).isEmpty();
  }

  @Test
  void mistakesAreClientErrorsThatNameTheField() {
    assertError(
        api.post("/proxies/redis/schedules", "{\"name\":\"e\",\"steps\":[]}"),
        400,
        "bad_request",
        "bad request body: field 'steps' of schedule 'e' must have from 1 to 10000 steps, had 0");
    assertError(
        api.post("/proxies/redis/schedules", "{\"name\":\"e\"}"),
        400,
        "bad_request",
        "missing required field: steps");
    assertError(
        api.post("/proxies/redis/schedules", "{\"steps\":[{\"duration_ms\":1}]}"),
        400,
        "bad_request",
        "missing required field: name");
    assertError(
        api.post(
            "/proxies/redis/schedules",
            "{\"name\":\"z\",\"steps\":[{\"duration_ms\":5},{\"duration_ms\":0}]}"),
        400,
        "bad_request",
        "bad request body: field 'duration_ms' of a schedule step must be between 1 and"
            + " 2592000000 milliseconds, was 0 (step 2 of schedule 'z')");
    assertError(
        api.post("/proxies/redis/schedules", "{\"name\":\"z\",\"steps\":[{\"duration_ms\":-3}]}"),
        400,
        "bad_request",
        "bad request body: field 'duration_ms' of a schedule step must be between 1 and"
            + " 2592000000 milliseconds, was -3 (step 1 of schedule 'z')");
    assertError(
        api.post("/proxies/redis/schedules", "{\"name\":\"z\",\"steps\":[{}]}"),
        400,
        "bad_request",
        "missing required field: duration_ms (step 1 of schedule 'z')");
    assertError(
        api.post(
            "/proxies/redis/schedules",
            "{\"name\":\"r\",\"repeat\":0,\"steps\":[{\"duration_ms\":5}]}"),
        400,
        "bad_request",
        "bad request body: field 'repeat' of a schedule is true (forever), false (once, the"
            + " default) or how many times the steps run in all, a whole number from 1 to"
            + " 2147483647; was 0");
    assertError(
        api.post(
            "/proxies/redis/schedules",
            "{\"name\":\"d\",\"steps\":[{\"duration_ms\":5,\"down\":true,"
                + "\"toxics\":[{\"type\":\"latency\"}]}]}"),
        400,
        "bad_request",
        "bad request body: a schedule step is either down (the proxy refuses clients) or holds"
            + " toxics, not both (step 1 of schedule 'd')");
    assertError(
        api.post(
            "/proxies/redis/schedules",
            "{\"name\":\"t\",\"steps\":[{\"duration_ms\":5,\"toxics\":[{\"type\":\"nope\"}]}]}"),
        400,
        "bad_request",
        null);
    assertError(
        api.post(
            "/proxies/redis/schedules",
            "{\"name\":\"u\",\"steps\":[{\"duration_ms\":5,\"when\":1}]}"),
        400,
        "bad_request",
        "bad request body: unknown field 'when' in a schedule step; valid fields: duration_ms,"
            + " toxics, down (step 1 of schedule 'u')");
    assertError(
        api.post("/proxies/nope/schedules", FLAP),
        404,
        "proxy_not_found",
        "proxy not found: 'nope'");
    assertError(
        api.delete("/proxies/redis/schedules/nope"),
        404,
        "schedule_not_found",
        "schedule not found: 'nope' on proxy 'redis'; schedules: []");
    assertThat(api.post("/proxies/redis/schedules", FLAP).status()).isEqualTo(201);
    assertError(
        api.post("/proxies/redis/schedules", FLAP),
        409,
        "schedule_exists",
        "schedule already exists: 'flap' is running on proxy 'redis'; DELETE"
            + " /proxies/redis/schedules/flap first, or give the new one another name");
  }

  private static void assertError(Http.Response r, int status, String code, String message) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.json().get("code").asText()).as(r.toString()).isEqualTo(code);
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
    if (message != null) assertThat(r.error()).isEqualTo(message);
  }
}
