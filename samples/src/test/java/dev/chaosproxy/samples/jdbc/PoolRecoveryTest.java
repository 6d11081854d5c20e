package dev.chaosproxy.samples.jdbc;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Does the pool recover when its connections are reset, or the database is unreachable for a
 * while? Queries fail while the fault lasts (quickly: within the pool's connection timeout), and
 * work again as soon as it is over, with no restart: the pool evicts the broken connections and
 * opens new ones.
 *
 * <p>The pool holds one connection, so the test knows which connection each query uses.
 */
@LocalPostgres
@ChaosProxy(name = "db", upstream = "${pg.host}:${pg.port}", lifecycle = PER_CLASS)
class PoolRecoveryTest {
  static HikariDataSource pool = new HikariDataSource();

  @BeforeAll
  static void pool(ProxyControl db) {
    pool.setJdbcUrl("jdbc:postgresql://" + db.host() + ":" + db.port() + "/postgres?user=postgres");
    pool.setMaximumPoolSize(1);
    pool.setConnectionTimeout(2_000);                            // how long getConnection() may wait
    pool.setValidationTimeout(500);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Test
  void thePoolRecoversAfterResets(ProxyControl db) throws SQLException {
    assertEquals(1, selectOne());
    db.resetPeer(Duration.ZERO);                                 // a connection that sends anything is reset
    assertFailsWithin(Duration.ofSeconds(4));
    db.reset();                                                  // the fault is over
    assertEquals(1, selectOne());                                // on a new connection, opened by the pool
    assertTrue(db.metrics().faults().getOrDefault("reset_peer", 0L) >= 1, "resets: " + db.metrics().faults());
  }

  @Test
  void thePoolRecoversAfterAnOutage(ProxyControl db) throws SQLException {
    assertEquals(1, selectOne());
    db.down();                                                   // refused; the pool's connection closed
    assertFailsWithin(Duration.ofSeconds(4));
    db.up();
    assertEquals(1, selectOne());                                // after the test: up, no chaos, same port
  }

  /** A query fails, and does not hang: at most the pool's connection timeout. */
  static void assertFailsWithin(Duration limit) {
    long start = System.nanoTime();
    assertThrows(SQLException.class, PoolRecoveryTest::selectOne);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(limit) < 0, "failed after " + took);
  }

  static int selectOne() throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("select 1")) {
      r.next();
      return r.getInt(1);
    }
  }
}
