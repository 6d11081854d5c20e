package dev.chaosproxy.image.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the JRE's modules cover what jdeps says the jar needs: modules it lacks fail the build,
 * unless they are left out on purpose ({@code chaosproxy.jre.optional}).
 */
public final class JreModules {
  private JreModules() {}

  /**
   * What to say about {@code needed} (jdeps' {@code --print-module-deps}, comma-separated) against
   * the JRE's {@code modules} and the {@code optional} ones: nothing, or which optional modules are
   * left out; a failure names the missing ones and both properties.
   */
  public static String check(String needed, String modules, String optional, String jarName) {
    List<String> have = split(modules);
    List<String> mayLack = split(optional);
    List<String> missing = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    for (String module : split(needed)) {
      if (have.contains(module)) continue;
      (mayLack.contains(module) ? leftOut : missing).add(module);
    }
    if (!missing.isEmpty()) {
      throw BuildFailure.failed(
          "jdeps says "
              + jarName
              + " uses modules the JRE lacks: "
              + String.join(" ", missing)
              + ". Add them to chaosproxy.jre.modules (now "
              + modules
              + "), or to chaosproxy.jre.optional if the jar runs without them.");
    }
    if (leftOut.isEmpty()) return "";
    return "jdeps also lists "
        + String.join(" ", leftOut)
        + " for "
        + jarName
        + ": left out on purpose (chaosproxy.jre.optional)";
  }

  private static List<String> split(String list) {
    List<String> names = new ArrayList<>();
    for (String name : list.split(",")) {
      if (!name.isBlank()) names.add(name.strip());
    }
    return names;
  }
}
