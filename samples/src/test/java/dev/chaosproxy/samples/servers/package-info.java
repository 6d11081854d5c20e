/**
 * Throwaway servers for the samples, started by the tests on this machine from the system's own
 * packages: {@link LocalPostgres} (a PostgreSQL cluster in a temporary directory) and {@link
 * LocalRedis} (a redis-server without persistence). One of each serves the whole test run and is
 * stopped, its files deleted, when the run ends. Without the binaries a test is skipped with what
 * to install, or failed when {@code CHAOS_PROXY_REQUIRE_SERVERS=true} (as in CI). {@link LocalShop}
 * runs the HTTP samples' {@link Shop}, a small Javalin app in the test's own JVM (a test
 * dependency, nothing to install), one for the run as well.
 */
package dev.chaosproxy.samples.servers;
