package dev.chaosproxy.samples.servers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a throwaway redis-server started from the machine's own binary
 * (Debian's {@code redis-server} package): one for the whole test run, on a free port of {@code
 * 127.0.0.1}, without persistence; stopped when the run ends. While it runs, the system properties
 * {@code redis.host} and {@code redis.port} say where it is, and a {@link RedisServer} parameter
 * gets its handle.
 *
 * <p>Without the binary the class is skipped, saying what to install; with {@code
 * CHAOS_PROXY_REQUIRE_SERVERS=true} (as in CI) it fails instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("servers")
@ExtendWith(RedisExtension.class)
public @interface LocalRedis {}
