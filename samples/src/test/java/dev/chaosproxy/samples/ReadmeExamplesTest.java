package dev.chaosproxy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's JUnit 5 and Containers examples are excerpts of these samples: every line of their Java
 * blocks (lines may be left out, none changed) is a line of a sample here, which compiles and
 * passes. An example edited in README alone fails here. The one liberty README takes: it names
 * the images a reader pulls or builds, where the samples use the ones this build made.
 */
class ReadmeExamplesTest {
  static final String SECTION = "## JUnit 5";
  static final String SECTION_END = "### `@ChaosProxy`";
  static final String CONTAINERS = "## Containers";
  static final String CONTAINERS_END = "### A drop-in for Toxiproxy";
  static final String TRIGGERS = "### Triggers: when a fault fires";
  static final String TRIGGERS_END = "### Semantics worth knowing";
  /** README's image names, and what the samples write in their place. */
  static final Map<String, String> IMAGES = Map.of(
      "new GenericContainer<>(\"redis:7\")", "new GenericContainer<>(TestImages.redis())",
      "new ChaosProxyContainer(\"chaos-proxy:0.1.0-SNAPSHOT\")", "new ChaosProxyContainer(TestImages.chaosProxy())");

  @Test
  void everyLineOfReadmesJavaExamplesIsInASample() throws IOException {
    assertExcerpts(SECTION, SECTION_END, 50);
  }

  @Test
  void everyLineOfReadmesContainerExampleIsInASample() throws IOException {
    assertExcerpts(CONTAINERS, CONTAINERS_END, 30);
  }

  @Test
  void everyLineOfReadmesTriggerScheduleAndLinkExamplesIsInASample() throws IOException {
    assertExcerpts(TRIGGERS, TRIGGERS_END, 24);
  }

  private static void assertExcerpts(String section, String sectionEnd, int atLeast) throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("chaosproxy.readme", "../README.md")), StandardCharsets.UTF_8);
    Set<String> sampleLines = new HashSet<>();
    try (Stream<Path> sources = Files.walk(Path.of(System.getProperty("chaosproxy.samplesSources", "src/test/java")))) {
      sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> sampleLines.addAll(strippedLines(p)));
    }
    List<String> lines = javaLines(readme, section, sectionEnd);
    assertTrue(lines.size() >= atLeast, "found only " + lines.size() + " lines in README's examples under '" + section + "'");
    List<String> missing = new ArrayList<>();
    for (String line : lines) {
      String asInSample = line;
      for (Map.Entry<String, String> image : IMAGES.entrySet()) asInSample = asInSample.replace(image.getKey(), image.getValue());
      if (!sampleLines.contains(asInSample)) missing.add(line);
    }
    assertEquals(List.of(), missing, "lines of README's examples under '" + section + "' that no sample has");
  }

  /** The stripped, non-blank lines of the Java blocks between {@code section} and {@code sectionEnd}. */
  static List<String> javaLines(String readme, String section, String sectionEnd) {
    int start = readme.indexOf("\n" + section + "\n");
    int end = readme.indexOf("\n" + sectionEnd, start + 1);
    if (start < 0 || end < 0) throw new AssertionError("README has no section '" + section + "' ending at '" + sectionEnd + "'");
    List<String> lines = new ArrayList<>();
    boolean inJava = false;
    for (String line : readme.substring(start, end).split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        inJava = line.strip().equals("```java");
        continue;
      }
      if (inJava && !line.isBlank()) lines.add(line.strip());
    }
    return lines;
  }

  static List<String> strippedLines(Path source) {
    try {
      return Files.readAllLines(source, StandardCharsets.UTF_8).stream().map(String::strip).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
