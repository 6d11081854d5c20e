import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Fails unless every Docker-backed test class (one that uses {@code @RequiresDocker}) ran, with
 * tests and none skipped, according to its Surefire XML report. Run by {@code .ci/check-docker-tests}
 * as a single-file program: {@code java .ci/CheckDockerTests.java [SINCE]}, where reports older
 * than the file SINCE count as missing.
 */
public final class CheckDockerTests {
  private static final Pattern USES_DOCKER = Pattern.compile("(?m)^\\s*@RequiresDocker\\b");

  public static void main(String[] args) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    Long since = args.length > 0 ? Files.getLastModifiedTime(Path.of(args[0])).toMillis() : null;
    List<String> problems = new ArrayList<>();
    int classes = 0;
    int total = 0;
    for (Path source : dockerTestSources(root)) {
      String rel = root.relativize(source).toString();
      int at = rel.indexOf("/src/test/java/");
      String module = rel.substring(0, at);
      String className = rel.substring(at + "/src/test/java/".length(), rel.length() - ".java".length()).replace('/', '.');
      Path report = root.resolve(module).resolve("target/surefire-reports/TEST-" + className + ".xml");
      if (!Files.isRegularFile(report)) {
        problems.add(className + ": no surefire report (" + root.relativize(report) + "): the class did not run");
        continue;
      }
      if (since != null && Files.getLastModifiedTime(report).toMillis() <= since) {
        problems.add(className + ": its surefire report is older than this run: the class did not run");
        continue;
      }
      Element suite;
      try {
        suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile()).getDocumentElement();
      } catch (Exception e) {
        problems.add(className + ": its surefire report cannot be read: " + e.getMessage());
        continue;
      }
      int tests = number(suite, "tests");
      int skipped = number(suite, "skipped");
      classes++;
      total += tests;
      if (tests == 0) {
        problems.add(className + ": ran no test");
      } else if (skipped != 0) {
        problems.add(className + ": " + skipped + " of " + tests + " tests skipped: " + skipMessages(suite));
      }
    }
    if (classes == 0 && problems.isEmpty()) problems.add("no test class uses @RequiresDocker: nothing checked, so something moved");
    if (!problems.isEmpty()) {
      System.err.println("== Docker-backed tests did not all run:");
      for (String p : problems) System.err.println("   " + p);
      System.exit(1);
    }
    System.out.println("== Docker-backed tests: " + classes + " classes, " + total + " tests, none skipped");
  }

  private static TreeSet<Path> dockerTestSources(Path root) throws IOException {
    TreeSet<Path> found = new TreeSet<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.toList()) {
        Path tests = module.resolve("src/test/java");
        if (!Files.isDirectory(tests)) continue;
        try (Stream<Path> files = Files.walk(tests)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            if (USES_DOCKER.matcher(Files.readString(f)).find()) found.add(f);
          }
        }
      }
    }
    return found;
  }

  private static int number(Element suite, String attribute) {
    String v = suite.getAttribute(attribute);
    return v.isEmpty() ? 0 : Integer.parseInt(v);
  }

  /** Up to three distinct reasons the report gives for skipped tests. */
  private static String skipMessages(Element suite) {
    TreeSet<String> why = new TreeSet<>();
    NodeList skipped = suite.getElementsByTagName("skipped");
    for (int i = 0; i < skipped.getLength(); i++) why.add(((Element) skipped.item(i)).getAttribute("message"));
    why.remove("");
    return why.isEmpty() ? "no message" : String.join("; ", why.stream().limit(3).toList());
  }
}
