package dev.chaosproxy.testcontainers.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/** Whether Testcontainers reaches a Docker engine, and whether the run demands one. */
public final class DockerEngine {
  /** The environment variable that turns a missing engine (or image) into a failure. */
  public static final String REQUIRE_ENV = "CHAOS_PROXY_REQUIRE_DOCKER";

  private static volatile Probe probe;

  private DockerEngine() {}

  /** What probing the engine found: whether it answers, and a sentence saying what was seen. */
  public record Probe(boolean answers, String detail) {}

  /** The engine probe, made once per JVM through Testcontainers' own client. */
  public static Probe probe() {
    Probe result = probe;
    if (result == null) {
      synchronized (DockerEngine.class) {
        if (probe == null) probe = connect();
        result = probe;
      }
    }
    return result;
  }

  /** True when {@value #REQUIRE_ENV} is {@code true}: no engine or image is then a failure. */
  public static boolean required() {
    return parseRequired(System.getenv(REQUIRE_ENV));
  }

  static boolean parseRequired(String value) {
    if (value == null || value.isBlank()) return false;
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(
            REQUIRE_ENV + " must be true or false (or unset), not '" + value + "'");
    }
  }

  private static Probe connect() {
    DockerClientFactory factory = DockerClientFactory.instance();
    try {
      factory.client();
      return new Probe(
          true,
          "Docker engine "
              + factory.getInfo().getServerVersion()
              + " answers at "
              + factory.getTransportConfig().getDockerHost()
              + " (API "
              + factory.getActiveApiVersion()
              + ")");
    } catch (RuntimeException e) {
      String dockerHost = System.getenv("DOCKER_HOST");
      String where =
          dockerHost != null
              ? "DOCKER_HOST=" + dockerHost
              : "/var/run/docker.sock "
                  + (Files.exists(Path.of("/var/run/docker.sock")) ? "exists" : "is absent");
      return new Probe(
          false,
          "no Docker engine answers (" + where + "; Testcontainers: " + e.getMessage() + ")");
    }
  }
}
