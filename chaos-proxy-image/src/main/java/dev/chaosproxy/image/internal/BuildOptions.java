package dev.chaosproxy.image.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code build-images}' command line, checked: a bad option or value fails with a message that says
 * what is valid. {@link #toShell()} hands the result back to the script.
 */
public final class BuildOptions {
  /** The images, in the order they are built by default. */
  public static final List<String> IMAGES = List.of("chaos-proxy", "native", "echo", "redis");

  static final String VALID_OPTIONS =
      "--out DIR, --version V, --java-home DIR, --jar FILE, --cds true|false,"
          + " --launcher auto|true|false, --modules LIST, --optional-modules LIST, -h|--help";

  final boolean help;
  final Path out;
  final String version;
  final String javaHome;
  final String jar;
  final String cds;
  final String launcher;
  final String modules;
  final String optionalModules;
  final List<String> images;

  private BuildOptions(Builder b) {
    this.help = b.help;
    this.out = b.out == null ? null : Path.of(b.out).toAbsolutePath().normalize();
    this.version = b.version;
    this.javaHome = b.javaHome;
    this.jar = b.jar;
    this.cds = b.cds;
    this.launcher = b.launcher;
    this.modules = b.modules;
    this.optionalModules = b.optionalModules;
    this.images = b.images.isEmpty() ? IMAGES : List.copyOf(b.images);
  }

  /**
   * Parses {@code args}; {@code --java-home} defaults to {@code env}'s {@code JAVA_HOME}, else to
   * {@code runningJavaHome} (the JDK this runs on: the {@code java} on PATH when the script is run
   * by hand).
   */
  public static BuildOptions parse(
      List<String> args, Map<String, String> env, String runningJavaHome) {
    Builder b = new Builder();
    String fromEnv = env.getOrDefault("JAVA_HOME", "");
    b.javaHome = fromEnv.isEmpty() ? runningJavaHome : fromEnv;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-h", "--help" -> {
          b.help = true;
          return new BuildOptions(b);
        }
        case "--out" -> b.out = value(args, i++, "DIR");
        case "--version" -> b.version = value(args, i++, "V");
        case "--java-home" -> b.javaHome = value(args, i++, "DIR");
        case "--jar" -> b.jar = value(args, i++, "FILE");
        case "--cds" -> b.cds = oneOf(arg, value(args, i++, "true|false"), "true", "false");
        case "--launcher" ->
            b.launcher = oneOf(arg, value(args, i++, "auto|true|false"), "auto", "true", "false");
        case "--modules" -> b.modules = value(args, i++, "LIST");
        case "--optional-modules" -> b.optionalModules = value(args, i++, "LIST");
        default -> {
          if (arg.startsWith("-")) {
            throw BuildFailure.usage(
                "unknown option " + arg + ": valid options are " + VALID_OPTIONS);
          }
          if (!IMAGES.contains(arg)) {
            throw BuildFailure.usage(
                "unknown image '" + arg + "': valid images are " + String.join(", ", IMAGES));
          }
          b.images.add(arg);
        }
      }
    }
    if (b.out == null || b.out.isEmpty()) throw BuildFailure.usage("--out DIR is required");
    if (b.version == null || b.version.isEmpty())
      throw BuildFailure.usage("--version V is required");
    return new BuildOptions(b);
  }

  private static String value(List<String> args, int i, String what) {
    if (i + 1 >= args.size()) {
      throw BuildFailure.usage(args.get(i) + " needs a value: " + args.get(i) + " " + what);
    }
    return args.get(i + 1);
  }

  private static String oneOf(String option, String value, String... valid) {
    for (String v : valid) if (v.equals(value)) return value;
    String list =
        valid.length == 2
            ? valid[0] + " or " + valid[1]
            : String.join(", ", List.of(valid).subList(0, valid.length - 1))
                + " or "
                + valid[valid.length - 1];
    throw BuildFailure.usage(option + " must be " + list + ", not '" + value + "'");
  }

  /** The script's variables as bash assignments. */
  public String toShell() {
    if (help) return Shell.assign("help", "true");
    return Shell.assign("help", "false")
        + Shell.assign("out", out.toString())
        + Shell.assign("version", version)
        + Shell.assign("java_home", javaHome)
        + Shell.assign("jar", jar == null ? "" : jar)
        + Shell.assign("cds", cds)
        + Shell.assign("launcher", launcher)
        + Shell.assign("modules", modules)
        + Shell.assign("optional_modules", optionalModules)
        + Shell.assignArray("images", images);
  }

  private static final class Builder {
    boolean help;
    String out;
    String version;
    String javaHome;
    String jar;
    String cds = "true";
    String launcher = "auto";
    String modules = "java.base,java.logging,jdk.httpserver";
    String optionalModules = "java.desktop,java.sql,java.xml";
    final List<String> images = new ArrayList<>();
  }
}
