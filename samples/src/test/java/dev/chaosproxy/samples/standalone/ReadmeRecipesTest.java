package dev.chaosproxy.samples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every command of README's standalone section (its quick start and curl recipes) appears verbatim
 * in {@code samples/standalone/curl-recipes.sh}, which {@link CurlRecipesIT} runs: a recipe
 * changed in one place and not the other fails here.
 */
class ReadmeRecipesTest {
  static final String SECTION = "## Standalone: the jar and the REST API";
  static final String SECTION_END = "### Flags";
  /** Commands the script does not run itself: the build, whose jar Maven hands to the script. */
  static final Set<String> BUILD_STEPS = Set.of(
      "./mvnw -q -pl chaos-proxy-core -am package -DskipTests",
      "cp chaos-proxy-core/target/chaos-proxy-core-*-standalone.jar chaos-proxy.jar");

  @Test
  void everyReadmeCommandIsRunByTheScript() throws IOException {
    String script = Files.readString(path("chaosproxy.curlRecipes", "standalone/curl-recipes.sh"), StandardCharsets.UTF_8);
    List<String> commands = commands(Files.readString(path("chaosproxy.readme", "../README.md"), StandardCharsets.UTF_8));

    assertTrue(commands.size() >= 40, "found only " + commands.size() + " commands in README's standalone section: " + commands);
    assertTrue(commands.containsAll(BUILD_STEPS), "README's build steps changed; update BUILD_STEPS: " + commands);
    List<String> missing = new ArrayList<>();
    for (String command : commands) {
      if (!BUILD_STEPS.contains(command) && !script.contains(command)) missing.add(command);
    }
    assertEquals(List.of(), missing, "README commands that samples/standalone/curl-recipes.sh does not run verbatim");
  }

  @Test
  void commandsAreReadWithoutTheirCommentsOrTrailingAmpersand() {
    String readme = String.join("\n", SECTION, "```bash", "# a comment line", "",
        "python3 -m http.server 8181 --bind 127.0.0.1 &   # the upstream",
        "curl -s $API/x -d '{\"a\":\"#1\"}'    # a '#' in quotes stays", "curl -s \"$API/#x\"", "```", SECTION_END,
        "```bash", "not this", "```");
    assertEquals(List.of("python3 -m http.server 8181 --bind 127.0.0.1", "curl -s $API/x -d '{\"a\":\"#1\"}'",
        "curl -s \"$API/#x\""), commands(readme));
  }

  /** The command lines of the bash blocks between {@link #SECTION} and {@link #SECTION_END}. */
  static List<String> commands(String readme) {
    int start = readme.indexOf("\n" + SECTION + "\n");
    if (start < 0 && readme.startsWith(SECTION + "\n")) start = 0;
    if (start < 0) throw new AssertionError("README has no section '" + SECTION + "'");
    int end = readme.indexOf("\n" + SECTION_END, start + 1);
    if (end < 0) throw new AssertionError("README's section '" + SECTION + "' has no '" + SECTION_END + "' after it");
    List<String> commands = new ArrayList<>();
    boolean inBash = false;
    for (String line : readme.substring(start, end).split("\n", -1)) {
      if (!inBash) {
        inBash = line.strip().equals("```bash");
        continue;
      }
      if (line.strip().startsWith("```")) {
        inBash = false;
        continue;
      }
      String command = withoutComment(line).strip();
      if (command.endsWith("&") && !command.endsWith("&&")) command = command.substring(0, command.length() - 1).strip();
      if (!command.isEmpty()) commands.add(command);
    }
    return commands;
  }

  /** {@code line} up to a {@code #} that starts a shell comment: at a word's start, outside quotes. */
  static String withoutComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  static Path path(String property, String fallback) {
    return Path.of(System.getProperty(property, fallback));
  }
}
