package dev.chaosproxy.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's quick start is this package's {@link FirstChaosTest}, character for character but for
 * the package line, and its {@code pom.xml} names this build's versions and a Surefire that runs
 * JUnit 5. So the snippet a new user copies compiles and passes in every build.
 */
class QuickStartReadmeTest {
  static final String SECTION = "\n## Quick start\n";
  static final String PACKAGE = "package dev.chaosproxy.samples.quickstart;\n\n";

  @Test
  void readmesTestIsFirstChaosTest() throws IOException {
    String sample = Files.readString(Path.of(System.getProperty("chaosproxy.samplesSources", "src/test/java"),
        "dev/chaosproxy/samples/quickstart/FirstChaosTest.java"), StandardCharsets.UTF_8);
    assertTrue(sample.startsWith(PACKAGE), "FirstChaosTest starts with its package line alone");
    assertEquals(sample.substring(PACKAGE.length()), block("java"),
        "README's quick-start test differs from samples/.../quickstart/FirstChaosTest.java: change both");
  }

  @Test
  void readmesPomNamesThisBuildsVersionsAndASurefireThatRunsJUnit5() throws IOException {
    String pom = block("xml");
    assertTrue(pom.contains("<artifactId>chaos-proxy-junit5</artifactId>\n      <version>"
        + System.getProperty("chaosproxy.version", "0.1.0-SNAPSHOT") + "</version>"), "README's pom names this version:\n" + pom);
    assertTrue(pom.contains("<artifactId>junit-jupiter</artifactId>\n      <version>"
        + System.getProperty("chaosproxy.junitVersion", "5.14.1") + "</version>"), "README's pom names the build's JUnit:\n" + pom);
    Matcher surefire = Pattern.compile("<artifactId>maven-surefire-plugin</artifactId>\\s*<version>(\\d+)\\.").matcher(pom);
    assertTrue(surefire.find() && Integer.parseInt(surefire.group(1)) >= 3, "README's pom names Surefire 3.x:\n" + pom);
    assertTrue(pom.contains("<artifactId>maven-compiler-plugin</artifactId>"), "README's pom names a compiler plugin that knows <release>");
  }

  /** The first {@code lang} block of README's quick start. */
  static String block(String lang) throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("chaosproxy.readme", "../README.md")), StandardCharsets.UTF_8);
    int section = readme.indexOf(SECTION);
    assertTrue(section >= 0, "README has no '## Quick start' section");
    int end = readme.indexOf("\n## ", section + SECTION.length());
    String open = "\n```" + lang + "\n";
    int start = readme.indexOf(open, section);
    assertTrue(start >= 0 && start < end, "README's quick start has no " + lang + " block");
    start += open.length();
    return readme.substring(start, readme.indexOf("\n```\n", start) + 1);
  }
}
