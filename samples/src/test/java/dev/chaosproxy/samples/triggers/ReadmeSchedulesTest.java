package dev.chaosproxy.samples.triggers;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Schedule;
import dev.chaosproxy.ScheduleControl;
import dev.chaosproxy.ScheduleState;
import dev.chaosproxy.samples.servers.LocalRedis;
import dev.chaosproxy.samples.servers.RedisServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * README's schedule and shared-link examples, run against a real Redis: an outage that ends by
 * itself, a flapping blackhole a test waits for, a latency ramp, and shared throttles. (
 * ReadmeExamplesTest checks README's lines are these.)
 */
@LocalRedis
class ReadmeSchedulesTest {

  @Test
  void theSchedulesAndLinksOfReadme(RedisServer server) throws Exception {
    String upstream = server.host() + ":" + server.port();
    try (ChaosEngine engine = ChaosEngine.start()) {
      ProxyControl db = engine.newProxy("db").upstream(upstream).start();
      ProxyControl redis = engine.newProxy("redis").upstream(upstream).start();
      ProxyControl api = engine.newProxy("api").upstream(upstream).start();
      ProxyControl orders = engine.newProxy("orders").upstream(upstream).start();
      ProxyControl billing = engine.newProxy("billing").upstream(upstream).start();

      ScheduleControl outage = db.schedule(Schedule.named("outage").down(ofSeconds(3)).build()); // then up
      ScheduleControl flap = redis.schedule(Schedule.named("flap")
          .step(ofMillis(500), c -> c.downstream().blackhole())         // any faults, in Chaos's words
          .pause(ofMillis(1500))
          .repeatForever()
          .build());
      api.schedule(Schedule.named("ramp").rampLatency(ZERO, ofMillis(500), ofSeconds(10)).build());

      assertThrows(JedisConnectionException.class, () -> ping(db));      // down: refused
      assertThat(api.toxics()).extracting(t -> t.name()).containsExactlyInAnyOrder("ramp.latency_upstream", "ramp.latency_downstream");

      flap.awaitStep(1, ofSeconds(5));     // wait for a step, never sleep
      assertEquals("PONG", ping(redis));                                  // the pause: no blackhole
      outage.awaitEnd(ofSeconds(5));       // ended, and its chaos undone
      assertEquals("PONG", ping(db));
      ScheduleState state = flap.state();
      assertEquals(ScheduleState.Status.RUNNING, state.status());
      flap.state();                        // ScheduleState[name=flap, status=RUNNING, step=0, iteration=3]
      redis.schedules(); redis.schedule("flap"); flap.stop();
      assertThat(redis.schedules()).isEmpty();
      assertThat(redis.toxics()).isEmpty();                               // stopped: undone

      api.downstream().throttleShared(DataSize.ofKB(100));    // the pool shares 100 KB/s
      orders.throttleLink("wan", DataSize.ofMB(1));           // orders and billing share 1 MB/s each way
      billing.throttleLink("wan", DataSize.ofMB(1));
      assertEquals("PONG", ping(orders));
      assertThat(billing.toxics()).allSatisfy(t -> assertThat(t.attributes()).containsEntry("link", "wan"));
    }
  }

  static String ping(ProxyControl proxy) {
    try (Jedis jedis = new Jedis(proxy.host(), proxy.port(), 2_000)) {
      return jedis.ping();
    }
  }
}
