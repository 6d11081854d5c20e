/**
 * JDBC samples: the PostgreSQL driver and a HikariCP pool against a real PostgreSQL, through a
 * chaos proxy. Each class answers one question: does a query give up in time on a slow link
 * ({@link SlowDatabaseTest}), does the pool recover from resets and outages ({@link
 * PoolRecoveryTest}), does a big result set arrive intact over a thin link ({@link
 * ThrottledResultSetTest})?
 */
package dev.chaosproxy.samples.jdbc;
