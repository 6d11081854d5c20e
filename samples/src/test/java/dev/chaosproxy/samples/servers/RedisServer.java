package dev.chaosproxy.samples.servers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A throwaway redis-server: on a free port of 127.0.0.1, no RDB snapshots, no AOF, its working
 * directory a temporary one; {@link #close()} stops it and deletes the directory.
 */
public final class RedisServer implements AutoCloseable {
  static final String INSTALL = "sudo apt-get install redis-server (Debian, Ubuntu) or brew install redis (macOS)";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path dir;
  private final int port;
  private final String version;
  private final Thread stopOnExit = new Thread(this::stop, "redis-stop-on-exit");
  private boolean closed;

  private RedisServer(Process process, Path dir, int port, String version) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.version = version;
  }

  /** The redis-server executable on the PATH (Debian: /usr/bin/redis-server), if there is one. */
  public static Optional<Path> binary() {
    return Servers.onPath("redis-server");
  }

  /** Starts {@code redisServer} and returns once it accepts connections. */
  public static RedisServer start(Path redisServer) throws IOException {
    String version = Servers.run(Duration.ofSeconds(30), List.of(redisServer.toString(), "--version")).strip();
    Path dir = Files.createTempDirectory("chaos-proxy-redis-");
    IOException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = Servers.freePort();
      Process process = new ProcessBuilder(redisServer.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .start();
      process.getOutputStream().close();
      CompletableFuture<Void> ready = watchLog(process, dir.resolve("redis.log"));
      try {
        ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        RedisServer server = new RedisServer(process, dir, port, version);
        Runtime.getRuntime().addShutdownHook(server.stopOnExit);
        return server;
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
        String log = Servers.tail(dir.resolve("redis.log"), 15);
        last = new IOException("redis-server on 127.0.0.1:" + port + " did not become ready"
            + (e instanceof TimeoutException ? " within " + READY_TIMEOUT.toSeconds() + " s" : "") + ":\n" + log);
        if (!log.contains("Address already in use")) break; // only a lost port race is worth another try
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        last = new IOException("interrupted while starting redis-server", e);
        break;
      }
    }
    Servers.deleteTree(dir);
    throw last;
  }

  /**
   * Copies the server's output to {@code log}; the future completes when it says it accepts
   * connections, or fails when the process ends first.
   */
  private static CompletableFuture<Void> watchLog(Process process, Path log) {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
           OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        for (String line; (line = in.readLine()) != null; ) {
          out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          if (line.contains("Ready to accept connections")) ready.complete(null);
        }
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
      ready.completeExceptionally(new IOException("redis-server exited"));
    }, "redis-server-log");
    reader.setDaemon(true);
    reader.start();
    return ready;
  }

  /** The host clients connect to. */
  public String host() {
    return "127.0.0.1";
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** What {@code redis-server --version} said. */
  public String version() {
    return version;
  }

  /** Stops the server (SIGTERM; it saves nothing) and deletes its directory. Idempotent. */
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
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        problems.add("redis-server did not stop within 10 s of SIGTERM; killed");
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    problems.addAll(Servers.deleteTree(dir));
    if (!problems.isEmpty()) throw new IllegalStateException("cannot stop redis-server in " + dir + " cleanly: " + problems);
  }

  @Override
  public String toString() {
    return version + " on " + host() + ":" + port;
  }
}
