package dev.chaosproxy.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.junit5.ProxyName;
import dev.chaosproxy.samples.servers.LocalRedis;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * How does a Redis client see a reset, a thin link, and a server that stops answering? A reset
 * is an immediate {@link JedisConnectionException}; a throttled answer is slow but whole; a
 * blackhole is noticed only by the client's own socket timeout, so that is the setting that
 * bounds how long a call may hang.
 */
@LocalRedis                                                         // a throwaway redis-server: redis.host, redis.port
@ChaosProxy(name = "redis", upstream = "${redis.host}:${redis.port}")
@ChaosProxy(name = "slowRedis", upstream = "${redis.host}:${redis.port}", chaos = "downstream throttle 10KiB/s")
class RedisFaultsTest {
  @Test
  void aResetSurfacesAsAConnectionError(@ProxyName("redis") ProxyControl redis) {
    try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
      jedis.set("greeting", "hello");
      redis.downstream().resetPeer(Duration.ZERO);                  // the next answer is a reset
      assertThrows(JedisConnectionException.class, () -> jedis.get("greeting"));
    }
  }

  @Test
  void aBigValueTakesSeconds(@ProxyName("slowRedis") ProxyControl slow) {
    try (Jedis jedis = new Jedis(slow.host(), slow.port())) {
      jedis.set("big", "x".repeat(20_000));                         // requests are not throttled
      long start = System.nanoTime();
      assertEquals(20_000, jedis.get("big").length());              // 20 KB at 10 KiB/s
      assertTrue(System.nanoTime() - start > 1_500_000_000L);
    }
  }

  @Test
  void aBlackholeIsCaughtByTheSocketTimeout(@ProxyName("redis") ProxyControl redis) {
    DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().socketTimeoutMillis(500).build();
    try (Jedis jedis = new Jedis(redis.host(), redis.port(), config)) {
      assertEquals("PONG", jedis.ping());
      redis.blackhole();                                            // accepts, never answers
      long start = System.nanoTime();
      JedisConnectionException e = assertThrows(JedisConnectionException.class, () -> jedis.get("greeting"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertInstanceOf(SocketTimeoutException.class, e.getCause());
      assertTrue(took.toMillis() >= 450 && took.toMillis() < 3_000, "gave up after " + took);
    }
  }
}
