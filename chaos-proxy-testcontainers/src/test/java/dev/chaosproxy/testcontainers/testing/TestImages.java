package dev.chaosproxy.testcontainers.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The images the chaos-proxy-image module built, by the exact reference its build recorded in
 * {@code chaos-proxy-image/target/images.properties} ({@code name:c-<content hash>}), so a test
 * runs its own worktree's images even while another build retags {@code chaos-proxy:latest}. An
 * image that is missing skips the test with the reason, or fails it when {@code
 * CHAOS_PROXY_REQUIRE_DOCKER=true}. Call these inside {@link RequiresDocker} tests.
 */
public final class TestImages {
  /** The system property naming the images file (surefire sets it); else found from user.dir. */
  public static final String FILE_PROPERTY = "chaosproxy.images";

  static final String RELATIVE_FILE = "chaos-proxy-image/target/images.properties";

  private TestImages() {}

  /** chaos-proxy: the standalone jar, control API on 8474 ({@code GET /version}). */
  public static DockerImageName chaosProxy() {
    return image("chaos-proxy");
  }

  /**
   * TCP echo on port 7 (each connection echoed until the client's FIN); also a busybox toolbox
   * ({@code sh}, {@code nc}, {@code wget}) to run as a client container.
   */
  public static DockerImageName echo() {
    return image("echo");
  }

  /** Redis on port 6379 (no persistence), with {@code redis-cli} to run as a client container. */
  public static DockerImageName redis() {
    return image("redis");
  }

  private static DockerImageName image(String key) {
    try {
      String reference = reference(load(), key);
      try {
        DockerClientFactory.instance().client().inspectImageCmd(reference).exec();
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        throw new MissingImage(
            "image "
                + reference
                + " (recorded in "
                + file()
                + ") is not in the Docker engine; build it again: "
                + BUILD_COMMAND);
      }
      return DockerImageName.parse(reference);
    } catch (MissingImage e) {
      if (DockerEngine.required()) {
        throw new IllegalStateException(
            e.getMessage() + " (" + DockerEngine.REQUIRE_ENV + "=true)");
      }
      Assumptions.abort("Docker-backed test skipped: " + e.getMessage());
      throw new AssertionError("unreachable");
    }
  }

  static final String BUILD_COMMAND = "./mvnw -pl chaos-proxy-image -am package";

  /** The reference recorded for {@code key}, or why there is none. */
  static String reference(Properties images, String key) {
    String reference = images.getProperty(key);
    if (reference != null && !reference.isBlank()) return reference.trim();
    String skipped = images.getProperty(key + ".skipped");
    if (skipped != null) throw new MissingImage("image '" + key + "' was not built: " + skipped);
    TreeSet<String> known = new TreeSet<>();
    for (String name : images.stringPropertyNames()) if (!name.contains(".")) known.add(name);
    throw new MissingImage(
        "no image '"
            + key
            + "' in the images file (it has "
            + known
            + "); build the images: "
            + BUILD_COMMAND);
  }

  private static volatile Properties images;

  private static Properties load() {
    Properties result = images;
    if (result != null) return result;
    Path file = file();
    if (file == null) {
      throw new MissingImage(
          "no "
              + RELATIVE_FILE
              + " above "
              + System.getProperty("user.dir")
              + ": the images are not built; build them: "
              + BUILD_COMMAND);
    }
    if (!Files.isRegularFile(file)) {
      throw new MissingImage(
          "no images file at "
              + file
              + " ("
              + FILE_PROPERTY
              + "): the images are not built; build them: "
              + BUILD_COMMAND);
    }
    Properties loaded = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      loaded.load(in);
    } catch (IOException e) {
      throw new MissingImage("cannot read " + file + ": " + e);
    }
    images = loaded;
    return loaded;
  }

  /**
   * The images file: {@value #FILE_PROPERTY} (which may not exist), else the nearest one above the
   * working directory, else null.
   */
  static Path file() {
    String configured = System.getProperty(FILE_PROPERTY);
    if (configured != null) return Path.of(configured);
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE_FILE);
      if (Files.isRegularFile(candidate)) return candidate;
    }
    return null;
  }

  /** Why an image cannot be had. */
  static final class MissingImage extends RuntimeException {
    MissingImage(String message) {
      super(message);
    }
  }
}
