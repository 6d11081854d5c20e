import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Checks a module's public API against its checked-in dump, so that a change to it is a visible
 * decision in review (as OkHttp's API files are). The dump is {@code javap -public} of every
 * class outside {@code internal} packages, public ones only, sorted by name.
 *
 * <pre>java build/ApiCheck.java CLASSES_DIR API_FILE check|update</pre>
 *
 * {@code check} exits 1 when the API differs from API_FILE, saying what changed and how to
 * accept it; {@code update} writes API_FILE.
 */
public final class ApiCheck {
  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !(args[2].equals("check") || args[2].equals("update"))) {
      System.err.println("usage: java build/ApiCheck.java CLASSES_DIR API_FILE check|update");
      System.exit(2);
    }
    Path classes = Path.of(args[0]);
    Path apiFile = Path.of(args[1]);
    String api = dump(classes);
    if (args[2].equals("update")) {
      Files.createDirectories(apiFile.toAbsolutePath().getParent());
      Files.writeString(apiFile, api);
      System.out.println("[api-check] wrote " + apiFile);
      return;
    }
    String accepted = Files.isRegularFile(apiFile) ? Files.readString(apiFile) : "";
    if (accepted.equals(api)) {
      System.out.println("[api-check] public API unchanged (" + apiFile.getFileName() + ")");
      return;
    }
    System.err.println("[api-check] the public API differs from " + apiFile + ":");
    List<String> was = List.of(accepted.split("\n"));
    List<String> is = List.of(api.split("\n"));
    for (String line : was) if (!line.isBlank() && !is.contains(line)) System.err.println("  - " + line.strip());
    for (String line : is) if (!line.isBlank() && !was.contains(line)) System.err.println("  + " + line.strip());
    System.err.println("[api-check] if the change is intended, accept it: ./mvnw verify -Dchaosproxy.api.update (and commit the file)");
    System.exit(1);
  }

  private static String dump(Path classes) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String name = classes.relativize(f).toString().replace('/', '.');
        name = name.substring(0, name.length() - ".class".length());
        if (name.contains(".internal.") || name.endsWith("module-info") || name.endsWith("package-info")) continue;
        if (name.matches(".*\\$[0-9].*")) continue; // anonymous and local classes
        names.add(name);
      }
    }
    ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException("no javap: run on a JDK"));
    StringBuilder api = new StringBuilder();
    for (String name : names) {
      StringWriter out = new StringWriter();
      int rc = javap.run(new PrintWriter(out), new PrintWriter(System.err), "-public", "-cp", classes.toString(), name);
      if (rc != 0) throw new IllegalStateException("javap failed on " + name);
      List<String> lines = new ArrayList<>(List.of(out.toString().split("\n")));
      lines.removeIf(l -> l.startsWith("Compiled from"));
      if (lines.isEmpty() || !(lines.get(0).startsWith("public ") || lines.get(0).startsWith("protected "))) continue;
      // synchronized is how a method is implemented, not what it promises
      for (String l : lines) api.append(l.replace(" synchronized ", " ").stripTrailing()).append('\n');
    }
    return api.toString();
  }
}
