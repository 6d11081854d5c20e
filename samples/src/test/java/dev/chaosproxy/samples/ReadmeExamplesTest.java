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
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's JUnit 5 examples are excerpts of these samples: every line of its Java blocks (lines may
 * be left out, none changed) is a line of a sample here, which compiles and passes. An example
 * edited in README alone fails here.
 */
class ReadmeExamplesTest {
  static final String SECTION = "## JUnit 5";
  static final String SECTION_END = "### `@ChaosProxy`";

  @Test
  void everyLineOfReadmesJavaExamplesIsInASample() throws IOException {
    String readme = Files.readString(Path.of(System.getProperty("chaosproxy.readme", "../README.md")), StandardCharsets.UTF_8);
    Set<String> sampleLines = new HashSet<>();
    try (Stream<Path> sources = Files.walk(Path.of(System.getProperty("chaosproxy.samplesSources", "src/test/java")))) {
      sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> sampleLines.addAll(strippedLines(p)));
    }
    List<String> lines = javaLines(readme);
    assertTrue(lines.size() >= 50, "found only " + lines.size() + " lines in README's JUnit 5 examples");
    List<String> missing = new ArrayList<>();
    for (String line : lines) {
      if (!sampleLines.contains(line)) missing.add(line);
    }
    assertEquals(List.of(), missing, "lines of README's JUnit 5 examples that no sample has");
  }

  /** The stripped, non-blank lines of the Java blocks between {@link #SECTION} and {@link #SECTION_END}. */
  static List<String> javaLines(String readme) {
    int start = readme.indexOf("\n" + SECTION + "\n");
    int end = readme.indexOf("\n" + SECTION_END, start + 1);
    if (start < 0 || end < 0) throw new AssertionError("README has no section '" + SECTION + "' ending at '" + SECTION_END + "'");
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
