package dev.chaosproxy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** chaos-proxy's version, from the build. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    return load(Version.class);
  }

  /**
   * The {@code version} of the {@code version.properties} beside {@code owner} (each module files
   * its own), or {@code unknown}.
   */
  public static String load(Class<?> owner) {
    try (InputStream in = owner.getResourceAsStream("version.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
