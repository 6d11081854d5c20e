package dev.chaosproxy.samples.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Trigger;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Does the pool ride out a 3 s network partition? While it lasts, a query fails within the
 * driver's socket timeout (1 s) instead of hanging; when it heals, the pool opens new connections
 * and queries work again, without a restart. The partition is a blackhole that a trigger's
 * window ends after 3 s: the proxy then closes the connections it held, as a healed network
 * whose peers timed out would.
 */
@LocalPostgres
@ChaosProxy(name = "db", upstream = "${pg.host}:${pg.port}")
class PartitionTest {

  @Test
  void thePoolRidesOutAThreeSecondPartition(ProxyControl db) throws Exception {
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl("jdbc:postgresql://" + db.host() + ":" + db.port()
          + "/postgres?user=postgres&socketTimeout=1&connectTimeout=1");
      pool.setMaximumPoolSize(2);
      pool.setConnectionTimeout(1_000);                          // how long getConnection() may wait
      pool.setValidationTimeout(500);
      assertEquals(1, selectOne(pool));

      long start = System.nanoTime();
      db.when(Trigger.during(Duration.ZERO, Duration.ofSeconds(3))).blackhole();  // partitioned for 3 s
      assertThrows(SQLException.class, () -> selectOne(pool));    // fails within the socket timeout

      Duration healed = firstSuccess(pool, start, Duration.ofSeconds(20));
      System.out.printf("a query worked again %d ms after the partition began%n", healed.toMillis());
      assertTrue(healed.compareTo(Duration.ofMillis(2_900)) >= 0, "healed early: " + healed);
    }
  }

  /** Queries until one works (each attempt ends within the timeouts); the time since {@code start} it took. */
  static Duration firstSuccess(HikariDataSource pool, long start, Duration deadline) throws InterruptedException {
    while (true) {
      try {
        assertEquals(1, selectOne(pool));
        return Duration.ofNanos(System.nanoTime() - start);
      } catch (SQLException stillPartitioned) {
        if (System.nanoTime() - start > deadline.toNanos()) throw new AssertionError("never healed", stillPartitioned);
        Thread.sleep(100);                                          // a client's pause between attempts
      }
    }
  }

  static int selectOne(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("select 1")) {
      r.next();
      return r.getInt(1);
    }
  }
}
