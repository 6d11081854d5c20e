package dev.chaosproxy.samples.triggers;

import static java.time.Duration.ZERO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Trigger;
import dev.chaosproxy.samples.servers.LocalRedis;
import dev.chaosproxy.samples.servers.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * README's trigger examples, run against a real Redis: the refusals, the reset at byte 4096 of a
 * response, the pattern triggers and the events. (ReadmeExamplesTest checks README's lines are
 * these.)
 */
@LocalRedis
class ReadmeTriggersTest {

  @Test
  void theTriggersOfReadme(RedisServer server) {
    String upstream = server.host() + ":" + server.port();
    try (ChaosEngine engine = ChaosEngine.start()) {
      ProxyControl db = engine.newProxy("db").upstream(upstream).start();
      ProxyControl redis = engine.newProxy("redis").upstream(upstream).start();
      ProxyControl api = engine.newProxy("api").upstream(upstream).start();

      db.firstConnections(2).refuse();                                   // refuse 2, let the 3rd through
      // ... the client retries until it gets through ...
      assertThrows(JedisConnectionException.class, () -> ping(db));
      assertThrows(JedisConnectionException.class, () -> ping(db));
      assertEquals("PONG", ping(db));
      assertThat(db.events())
          .extracting(ChaosEvent::connectionNumber)
          .containsExactly(1L, 2L);             // the first two connections were refused, the third passed

      try (Jedis direct = new Jedis(server.host(), server.port())) {
        direct.set("readme:big", "x".repeat(10_000));
      }
      redis.downstream().after(DataSize.ofBytes(4096)).resetPeer(ZERO);  // reset at byte 4096 of the response
      try (Jedis jedis = new Jedis(redis.host(), redis.port(), 2_000)) {
        assertEquals("PONG", jedis.ping());                             // 7 bytes: far from 4096
        assertThrows(JedisConnectionException.class, () -> jedis.get("readme:big"));
      }
      assertThat(redis.events()).singleElement().extracting(ChaosEvent::offset).isEqualTo(4096L);

      api.upstream().whenSeen("COMMIT").delay(Duration.ofSeconds(2));     // slow only once COMMIT is sent
      api.downstream().whenSeen("\r\n\r\n").throttle(DataSize.ofKiB(1)); // the headers fast, the body slow
      assertThat(api.toxics()).extracting(t -> t.trigger().conditions().get("pattern"))
          .containsExactly("COMMIT", "\r\n\r\n");

      db.when(Trigger.fromClient("10.1.0.0/16").and(Trigger.once())).blackhole();
      assertEquals("PONG", ping(db));                                     // from 127.0.0.1: not chosen
    }
  }

  static String ping(ProxyControl proxy) {
    try (Jedis jedis = new Jedis(proxy.host(), proxy.port(), 2_000)) {
      return jedis.ping();
    }
  }
}
