package dev.chaosproxy.samples.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster: {@code initdb} into a temporary directory, {@code pg_ctl start}
 * on a free port of 127.0.0.1 with trust authentication and fsync off, and on {@link #close()}
 * {@code pg_ctl stop} and the directory deleted. PostgreSQL refuses to run as root, so as root
 * (CI) the commands run as the {@code postgres} user, through {@code runuser}.
 */
public final class PostgresServer implements AutoCloseable {
  /** Where Debian (and Ubuntu) install the server binaries, one directory per major version. */
  static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
  static final String INSTALL = "sudo apt-get install postgresql (Debian, Ubuntu) or brew install postgresql (macOS)";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;

  private final Path bin;
  private final Path dir;
  private final List<String> asUser;
  private final String version;
  private final int port;
  private final Thread stopOnExit = new Thread(this::stop, "postgres-stop-on-exit");
  private boolean closed;

  private PostgresServer(Path bin, Path dir, List<String> asUser, String version, int port) {
    this.bin = bin;
    this.dir = dir;
    this.asUser = asUser;
    this.version = version;
    this.port = port;
  }

  /**
   * The directory of {@code initdb} and {@code pg_ctl}: the newest version under
   * /usr/lib/postgresql, else the one on the PATH.
   */
  public static Optional<Path> binaries() {
    return newest(DEBIAN_ROOT).or(() -> Servers.onPath("initdb").map(Path::getParent).filter(PostgresServer::hasServer));
  }

  /** The bin directory of the highest version under {@code root} (Debian's layout: {@code root/15/bin}). */
  static Optional<Path> newest(Path root) {
    if (!Files.isDirectory(root)) return Optional.empty();
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))   // 15, or 9.6 before PostgreSQL 10
          .map(v -> v.resolve("bin"))
          .filter(PostgresServer::hasServer)
          .max(Comparator.comparingDouble(b -> Double.parseDouble(b.getParent().getFileName().toString())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  private static boolean hasServer(Path bin) {
    return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
        && Files.isExecutable(bin.resolve("postgres"));
  }

  /** Creates and starts a cluster with the binaries in {@code bin}. */
  public static PostgresServer start(Path bin) throws IOException {
    List<String> asUser = Servers.isRoot() ? List.of("runuser", "-u", "postgres", "--") : List.of();
    String version = Servers.run(COMMAND_TIMEOUT, List.of(bin.resolve("postgres").toString(), "--version")).strip();
    Path dir = Files.createTempDirectory("chaos-proxy-pg-");
    try {
      if (!asUser.isEmpty()) {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        try {
          Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
        } catch (IOException e) {
          throw new IOException("running as root, and PostgreSQL refuses to run as root, but there is no 'postgres' user "
              + "to run it as (the postgresql package creates one): " + e.getMessage(), e);
        }
      }
      run(bin, asUser, "initdb", "--pgdata=" + dir.resolve("data"), "--username=postgres", "--auth=trust",
          "--encoding=UTF8", "--locale=C", "--no-sync");
      IOException last = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        int port = Servers.freePort();
        try {
          run(bin, asUser, "pg_ctl", "start", "--pgdata=" + dir.resolve("data"), "--log=" + dir.resolve("postgres.log"),
              "--wait", "--timeout=60", "-o", "-c listen_addresses=127.0.0.1 -c port=" + port
                  + " -c unix_socket_directories='" + dir + "' -c fsync=off -c synchronous_commit=off"
                  + " -c full_page_writes=off -c max_connections=50");
          PostgresServer server = new PostgresServer(bin, dir, asUser, version, port);
          Runtime.getRuntime().addShutdownHook(server.stopOnExit);
          return server;
        } catch (IOException e) {
          last = new IOException(e.getMessage() + "\n" + Servers.tail(dir.resolve("postgres.log"), 15), e);
          if (!Servers.tail(dir.resolve("postgres.log"), 15).contains("could not bind")) break; // only a lost port race is worth another try
        }
      }
      throw last;
    } catch (IOException | RuntimeException e) {
      Servers.deleteTree(dir);
      throw e;
    }
  }

  private static void run(Path bin, List<String> asUser, String tool, String... args) throws IOException {
    List<String> command = new ArrayList<>(asUser);
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    Servers.run(COMMAND_TIMEOUT, command);
  }

  /** The host clients connect to. */
  public String host() {
    return "127.0.0.1";
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** The superuser, who needs no password here. */
  public String user() {
    return "postgres";
  }

  /** What {@code postgres --version} said, e.g. {@code postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)}. */
  public String version() {
    return version;
  }

  /** The major version, e.g. 15. */
  public int majorVersion() {
    Matcher m = Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(version);
    if (!m.find()) throw new IllegalStateException("no major version in '" + version + "'");
    return Integer.parseInt(m.group(1));
  }

  /** A JDBC URL for the {@code postgres} database, straight to the server (no proxy in between). */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host() + ":" + port + "/postgres?user=" + user();
  }

  /** Stops the server and deletes its directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) return;
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing to remove
    }
  }

  private synchronized void stop() {
    if (closed) return;
    closed = true;
    List<String> problems = new ArrayList<>();
    try {
      run(bin, asUser, "pg_ctl", "stop", "--pgdata=" + dir.resolve("data"), "--mode=immediate", "--wait");
    } catch (IOException e) {
      problems.add(e.getMessage());
    }
    problems.addAll(Servers.deleteTree(dir));
    if (!problems.isEmpty()) throw new IllegalStateException("cannot stop PostgreSQL in " + dir + " cleanly: " + problems);
  }

  @Override
  public String toString() {
    return "PostgreSQL " + version + " on " + host() + ":" + port + " in " + dir;
  }
}
