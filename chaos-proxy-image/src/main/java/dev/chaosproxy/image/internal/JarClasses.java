package dev.chaosproxy.image.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** What the chaos-proxy jar's own classes (not its shaded libraries) do, read from the jar. */
public final class JarClasses {
  private static final byte[] INHERITED_CHANNEL =
      "inheritedChannel".getBytes(StandardCharsets.US_ASCII);

  private JarClasses() {}

  /**
   * True when a class under {@code dev/chaosproxy/} outside {@code dev/chaosproxy/shaded/} names
   * {@code System.inheritedChannel}: the jar then takes the API's listening socket from fd 0, which
   * the launcher puts there.
   */
  public static boolean takesInheritedChannel(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        if (!name.startsWith("dev/chaosproxy/")
            || name.startsWith("dev/chaosproxy/shaded/")
            || !name.endsWith(".class")) {
          continue;
        }
        try (InputStream in = zip.getInputStream(entry)) {
          if (contains(in.readAllBytes(), INHERITED_CHANNEL)) return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the jar " + jar, e);
    }
  }

  /**
   * Whether the launcher goes first: {@code mode} true or false as given; auto when the jar takes
   * the socket. Shell assignments of {@code chaos_proxy_launcher} and {@code launcher_reason}.
   */
  public static String launcherDecision(String mode, Path jar) {
    boolean use;
    String reason;
    switch (mode) {
      case "true", "false" -> {
        use = mode.equals("true");
        reason = "--launcher " + mode;
      }
      case "auto" -> {
        use = takesInheritedChannel(jar);
        reason = "auto: the jar " + (use ? "takes" : "does not take") + " an inherited API socket";
      }
      default ->
          throw BuildFailure.usage("--launcher must be auto, true or false, not '" + mode + "'");
    }
    return Shell.assign("chaos_proxy_launcher", String.valueOf(use))
        + Shell.assign("launcher_reason", reason);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return true;
    }
    return false;
  }
}
