package dev.chaosproxy.samples.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Is the client's retry policy strong enough? The first two connections are refused (reset as
 * soon as they are accepted); a policy of three attempts gets through on the third, one of two
 * attempts gives up. The proxy's events say exactly which connections were refused.
 */
@LocalRedis
class RetryPolicyTest {

  /** Connects and pings, up to {@code attempts} times, {@code backoff} apart; returns the attempt that worked. */
  static int pingWithRetries(ProxyControl redis, int attempts, Duration backoff) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try (Jedis jedis = new Jedis(redis.host(), redis.port(), 2_000)) {
        assertEquals("PONG", jedis.ping());
        return attempt;
      } catch (JedisConnectionException refused) {
        if (attempt == attempts) throw refused;
        Thread.sleep(backoff.toMillis());                          // the policy's backoff, not a synchronization
      }
    }
  }

  @Test
  @ChaosProxy(name = "redis", upstream = "${redis.host}:${redis.port}", chaos = "first 2 refuse")
  void threeAttemptsGetThroughTwoRefusals(ProxyControl redis) throws InterruptedException {
    assertEquals(3, pingWithRetries(redis, 3, Duration.ofMillis(50)));
    assertThat(redis.events())
        .extracting(ChaosEvent::connectionNumber)
        .containsExactly(1L, 2L);                                  // the first two were refused, the third passed
  }

  @Test
  @ChaosProxy(name = "redis", upstream = "${redis.host}:${redis.port}", chaos = "first 2 refuse")
  void twoAttemptsAreNotEnough(ProxyControl redis) {
    assertThrows(JedisConnectionException.class, () -> pingWithRetries(redis, 2, Duration.ofMillis(50)));
  }
}
