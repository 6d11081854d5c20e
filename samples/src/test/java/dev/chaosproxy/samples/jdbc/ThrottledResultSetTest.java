package dev.chaosproxy.samples.jdbc;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalPostgres;
import dev.chaosproxy.samples.servers.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Does a big result set arrive intact over a thin link? 2,000 rows (about 170 KB on the wire)
 * through 100 KiB/s take well over a second, every row arrives, and their checksum is the one the
 * server computes itself. The socket timeout (1 s) does not fire: bytes keep coming.
 */
@LocalPostgres
@ChaosProxy(name = "db", upstream = "${pg.host}:${pg.port}", lifecycle = PER_CLASS)
class ThrottledResultSetTest {
  static final int ROWS = 2_000;
  static final String QUERY = "select id, payload from throttled_rows order by id";
  static HikariDataSource pool = new HikariDataSource();

  @BeforeAll
  static void fill(PostgresServer server, ProxyControl db) throws SQLException {
    try (Connection direct = DriverManager.getConnection(server.jdbcUrl()); Statement s = direct.createStatement()) {
      s.execute("drop table if exists throttled_rows");
      s.execute("create table throttled_rows (id int primary key, payload text not null)");
      s.execute("insert into throttled_rows select i, md5(i::text) || md5((i * 7)::text) from generate_series(1, " + ROWS + ") i");
    }
    pool.setJdbcUrl("jdbc:postgresql://" + db.host() + ":" + db.port() + "/postgres?user=postgres");
    pool.addDataSourceProperty("socketTimeout", "1");
    pool.setMaximumPoolSize(1);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Test
  void aThrottledResultSetArrivesIntact(PostgresServer server, ProxyControl db) throws Exception {
    String expected = serverChecksum(server);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      db.downstream().throttle(DataSize.ofKiB(100));            // 100 KiB/s from the database
      long bytesBefore = db.metrics().bytesDownstream();
      long start = System.nanoTime();
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      int rows = 0;
      try (ResultSet r = s.executeQuery(QUERY)) {
        while (r.next()) {
          md5.update(((rows++ == 0 ? "" : "\n") + r.getInt(1) + ":" + r.getString(2)).getBytes(StandardCharsets.UTF_8));
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      long bytes = db.metrics().bytesDownstream() - bytesBefore;

      assertEquals(ROWS, rows);
      assertEquals(expected, HexFormat.of().formatHex(md5.digest()));
      Duration atRate = Duration.ofMillis(bytes * 1000 / DataSize.ofKiB(100).bytes());
      assertTrue(bytes > 100_000 && took.compareTo(atRate.multipliedBy(8).dividedBy(10)) > 0,
          bytes + " bytes arrived in " + took + "; at 100 KiB/s they take " + atRate);
    }
  }

  /** The same checksum, computed by the server over its own rows (no proxy in between). */
  static String serverChecksum(PostgresServer server) throws SQLException {
    try (Connection direct = DriverManager.getConnection(server.jdbcUrl()); Statement s = direct.createStatement();
         ResultSet r = s.executeQuery("select md5(string_agg(id || ':' || payload, E'\\n' order by id)) from throttled_rows")) {
      r.next();
      return r.getString(1);
    }
  }
}
