package dev.chaosproxy.samples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalRedis;
import dev.chaosproxy.samples.servers.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Do writes survive connections that are reset at random? With a 2 % chance per read or write
 * that the connection is reset (some 5-10 % of the writes need a retry), a pooled client and a
 * small retry policy (up to 10 attempts per command) land all 300 writes, and the server holds
 * exactly what was meant.
 *
 * <p>Retrying is safe because {@code SET key value} is idempotent: a write whose answer was lost
 * may already be applied, and applying it again changes nothing. A non-idempotent command
 * ({@code INCR}, {@code LPUSH}) retried this way may be applied twice.
 */
@LocalRedis
@ChaosProxy(name = "redis", upstream = "${redis.host}:${redis.port}", chaos = "terminate 0.02")
class RedisRetryTest {
  static final int WRITES = 300;
  static final int ATTEMPTS = 10;

  @Test
  void everyWriteLandsThroughRandomResets(ProxyControl redis, RedisServer server) {
    List<Integer> attempts = new ArrayList<>();
    try (RedisClient client = RedisClient.builder()
        .hostAndPort(redis.host(), redis.port())
        .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(2_000).build())
        .build()) {
      for (int i = 0; i < WRITES; i++) {
        String key = "retry:" + i;
        String value = "value-" + i;
        attempts.add(withRetries(() -> client.set(key, value)));
      }
    }

    try (Jedis direct = new Jedis(server.host(), server.port())) {  // the server itself, no proxy
      assertEquals(WRITES, direct.keys("retry:*").size());
      for (int i = 0; i < WRITES; i++) assertEquals("value-" + i, direct.get("retry:" + i));
      direct.del(direct.keys("retry:*").toArray(String[]::new));
    }
    long resets = redis.metrics().faults().getOrDefault("terminate", 0L);
    long retried = attempts.stream().filter(a -> a > 1).count();
    System.out.printf("%d writes, %d connections reset, %d writes retried, at most %d attempts for one%n",
        WRITES, resets, retried, attempts.stream().mapToInt(Integer::intValue).max().orElse(0));
    assertTrue(resets >= 5 && retried >= 5, resets + " resets, " + retried + " writes retried: the chaos did not bite");
  }

  /** Runs {@code command} until it succeeds, at most {@value #ATTEMPTS} times; returns the attempts it took. */
  static int withRetries(Supplier<String> command) {
    for (int attempt = 1; ; attempt++) {
      try {
        assertEquals("OK", command.get());
        return attempt;
      } catch (JedisConnectionException e) {                        // reset: the pool drops that connection
        if (attempt == ATTEMPTS) throw e;
      }
    }
  }
}
