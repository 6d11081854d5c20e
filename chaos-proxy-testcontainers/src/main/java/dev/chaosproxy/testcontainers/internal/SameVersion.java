package dev.chaosproxy.testcontainers.internal;

import dev.chaosproxy.internal.Version;

/**
 * This module builds on chaos-proxy-core's {@code internal} packages (the fault vocabulary, the
 * wire model), which are shared by chaos-proxy's own modules of one version and are not API: a core
 * of another version on the classpath fails here with a message, not later with a linkage error.
 */
public final class SameVersion {
  private static final String MINE = load();

  private SameVersion() {}

  /** Fails unless core is the version this module was built with. */
  public static void check() {
    String core = Version.get();
    if (!MINE.equals("unknown") && !core.equals("unknown") && !MINE.equals(core)) {
      throw new IllegalStateException(
          "chaos-proxy-testcontainers "
              + MINE
              + " needs chaos-proxy-core "
              + MINE
              + ", but "
              + core
              + " is on the classpath; use the same version of every chaos-proxy module"
              + " (the chaos-proxy-parent BOM or one version property)");
    }
  }

  private static String load() {
    return dev.chaosproxy.internal.Version.load(SameVersion.class);
  }
}
