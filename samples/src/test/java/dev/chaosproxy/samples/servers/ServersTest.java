package dev.chaosproxy.samples.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.io.TempDir;

/** The fixtures' decisions, without servers: skip or fail, and which PostgreSQL to run. */
class ServersTest {
  @Test
  void aMissingServerSkipsWithWhatToInstallAndHowToMakeItAFailure() {
    ConditionEvaluationResult result = Servers.missing("redis-server is not on the PATH", "apt-get install redis-server", false);
    assertTrue(result.isDisabled());
    String reason = result.getReason().orElseThrow();
    assertTrue(reason.contains("redis-server is not on the PATH") && reason.contains("apt-get install redis-server")
        && reason.contains("CHAOS_PROXY_REQUIRE_SERVERS=true"), reason);
  }

  @Test
  void aMissingServerFailsWhenServersAreRequired() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Servers.missing("redis-server is not on the PATH", "apt-get install redis-server", true));
    assertEquals("CHAOS_PROXY_REQUIRE_SERVERS=true, but redis-server is not on the PATH. Install it: apt-get install "
        + "redis-server; .ci/samples-up does, as CI runs it.", e.getMessage());
  }

  @Test
  void requireTakesTrueOrFalseOnly() {
    assertFalse(Servers.parseRequired(null));
    assertFalse(Servers.parseRequired(""));
    assertFalse(Servers.parseRequired("false"));
    assertTrue(Servers.parseRequired("true"));
    assertTrue(Servers.parseRequired(" TRUE "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Servers.parseRequired("yes"));
    assertEquals("CHAOS_PROXY_REQUIRE_SERVERS must be true or false (or unset), not 'yes'", e.getMessage());
  }

  @Test
  void theNewestPostgresqlVersionWins(@TempDir Path root) throws IOException {
    server(root, "9.6");
    server(root, "15");
    server(root, "16");
    Files.createDirectories(root.resolve("17/bin"));                // no binaries: a leftover directory
    Files.createDirectories(root.resolve("common/bin"));
    assertEquals(Optional.of(root.resolve("16/bin")), PostgresServer.newest(root));
  }

  @Test
  void noPostgresqlDirectoryFindsNothing(@TempDir Path root) {
    assertEquals(Optional.empty(), PostgresServer.newest(root.resolve("absent")));
    assertEquals(Optional.empty(), PostgresServer.newest(root));
  }

  private static void server(Path root, String version) throws IOException {
    Path bin = Files.createDirectories(root.resolve(version).resolve("bin"));
    for (String tool : new String[] {"initdb", "pg_ctl", "postgres"}) {
      Files.createFile(bin.resolve(tool), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
  }
}
