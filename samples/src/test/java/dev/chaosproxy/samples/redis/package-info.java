/**
 * Redis samples: Jedis against a real redis-server, through a chaos proxy. {@link
 * RedisFaultsTest}: a reset, a thin link and a blackhole, each as the client sees it; {@link
 * RedisRetryTest}: writes that all land, exactly as meant, through connections reset at random.
 */
package dev.chaosproxy.samples.redis;
