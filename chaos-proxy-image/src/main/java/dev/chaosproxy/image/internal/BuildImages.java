package dev.chaosproxy.image.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands {@code build-images} runs with the JDK; each prints its answer on stdout, or a
 * message on stderr and exits 1 (2 for a bad command line).
 *
 * <pre>
 * options ARG...                               checked options, as bash assignments
 * context-hash DIR                             12 hex digits: the c-&lt;hash&gt; tag
 * fingerprint [--tree DIR | FILE | VALUE]...   32 hex digits
 * properties FILE IMAGES ENTRY...              writes images.properties (IMAGES space-separated)
 * check-modules DEPS_FILE JAR MODULES OPTIONAL fails on missing modules; says which are left out
 * launcher MODE JAR                            whether the launcher goes first, as assignments
 * </pre>
 */
public final class BuildImages {
  private BuildImages() {}

  public static void main(String[] args) {
    try {
      String out = run(List.of(args));
      if (!out.isEmpty()) System.out.print(out.endsWith("\n") ? out : out + "\n");
    } catch (BuildFailure e) {
      System.err.println("[ERROR] [build-images] " + e.getMessage());
      System.exit(e.exitCode());
    } catch (UncheckedIOException e) {
      System.err.println("[ERROR] [build-images] " + e.getMessage() + ": " + e.getCause());
      System.exit(1);
    }
  }

  /** Runs one command; its answer. */
  static String run(List<String> args) {
    if (args.isEmpty()) throw BuildFailure.usage("no command: valid commands are " + COMMANDS);
    List<String> rest = args.subList(1, args.size());
    return switch (args.get(0)) {
      case "options" -> BuildOptions.parse(rest, System.getenv(), javaHome()).toShell();
      case "context-hash" -> ContextHash.of(Path.of(exactly(1, args).get(0)));
      case "fingerprint" -> Fingerprint.of(rest);
      case "properties" -> {
        if (rest.size() < 2) throw BuildFailure.usage("usage: properties FILE IMAGES ENTRY...");
        ImagesProperties.write(
            Path.of(rest.get(0)), words(rest.get(1)), rest.subList(2, rest.size()));
        yield "";
      }
      case "check-modules" -> {
        List<String> a = exactly(4, args);
        yield JreModules.check(
            read(Path.of(a.get(0))),
            a.get(2),
            a.get(3),
            Path.of(a.get(1)).getFileName().toString());
      }
      case "launcher" -> {
        List<String> a = exactly(2, args);
        yield JarClasses.launcherDecision(a.get(0), Path.of(a.get(1)));
      }
      default ->
          throw BuildFailure.usage(
              "unknown command '" + args.get(0) + "': valid commands are " + COMMANDS);
    };
  }

  private static final String COMMANDS =
      "options, context-hash, fingerprint, properties, check-modules, launcher";

  private static List<String> exactly(int n, List<String> args) {
    if (args.size() != n + 1) {
      throw BuildFailure.usage(
          args.get(0) + " takes " + n + " arguments, not " + (args.size() - 1));
    }
    return args.subList(1, args.size());
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : text.split(" ")) {
      if (!word.isEmpty()) words.add(word);
    }
    return words;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String javaHome() {
    return System.getProperty("java.home");
  }
}
