package dev.chaosproxy.samples.jdbc;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalPostgres;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Does a query give up in time when the database answers slowly? The driver's {@code
 * socketTimeout} bounds how long a read may wait, so a 5 s delay on every answer becomes an
 * error after about 1 s, and the pool throws that connection away.
 *
 * <p>({@code Statement.setQueryTimeout} would not do: it asks the server to cancel the query, and
 * here the server finished long ago: the answer is stuck on the network.)
 */
@LocalPostgres                                                   // a throwaway PostgreSQL: pg.host, pg.port
@ChaosProxy(name = "db", upstream = "${pg.host}:${pg.port}", lifecycle = PER_CLASS)
class SlowDatabaseTest {
  static HikariDataSource pool = new HikariDataSource();

  @BeforeAll
  static void pool(ProxyControl db) {                            // one proxy, one port, for the whole class
    pool.setJdbcUrl("jdbc:postgresql://" + db.host() + ":" + db.port() + "/postgres?user=postgres");
    pool.addDataSourceProperty("socketTimeout", "1");            // seconds a read may wait for the server
    pool.setMaximumPoolSize(2);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Test
  void aSlowDatabaseTimesOut(ProxyControl db) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      db.downstream().delay(Duration.ofSeconds(5));              // every answer 5 s late
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("select 1"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertInstanceOf(SocketTimeoutException.class, e.getCause());
      assertEquals("08006", e.getSQLState());                    // connection failure: the pool evicts it
      assertTrue(took.toMillis() >= 900 && took.toMillis() < 4_000, "gave up after " + took);
    }
    db.reset();                                                  // the link is fast again
    assertEquals(1, selectOne());                                // on a new connection
  }

  static int selectOne() throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("select 1")) {
      r.next();
      return r.getInt(1);
    }
  }
}
