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
 * Runs the test class against a throwaway PostgreSQL started from the machine's own server
 * binaries (Debian's {@code postgresql} package): one cluster for the whole test run, on a free
 * port of {@code 127.0.0.1}, trust authentication, fsync off; stopped and deleted when the run
 * ends. While it runs, the system properties {@code pg.host} and {@code pg.port} say where it is
 * (so {@code @ChaosProxy(upstream = "${pg.host}:${pg.port}")} finds it), and a {@link
 * PostgresServer} parameter gets its handle.
 *
 * <p>Without the binaries the class is skipped, saying what to install; with {@code
 * CHAOS_PROXY_REQUIRE_SERVERS=true} (as in CI) it fails instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("servers")
@ExtendWith(PostgresExtension.class)
public @interface LocalPostgres {}
