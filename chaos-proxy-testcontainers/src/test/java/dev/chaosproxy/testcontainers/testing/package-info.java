/**
 * Test support for Docker-backed tests: {@link RequiresDocker} (skip without an engine, fail in
 * CI), {@link TestImages} (the locally built images) and {@link Containers} (timed start, readiness
 * checks that poll faster than Testcontainers' once a second). Polling with a deadline is
 * Awaitility's.
 */
package dev.chaosproxy.testcontainers.testing;
