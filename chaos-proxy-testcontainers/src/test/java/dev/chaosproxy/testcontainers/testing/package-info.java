/**
 * Test support for Docker-backed tests: {@link RequiresDocker} (skip without an engine, fail in
 * CI), {@link TestImages} (the locally built images) and {@link Containers} (timed start, readiness
 * checks that poll faster than Testcontainers' once a second), {@link Await} (polling with a
 * deadline).
 */
package dev.chaosproxy.testcontainers.testing;
