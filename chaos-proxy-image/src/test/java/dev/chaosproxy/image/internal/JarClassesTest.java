package dev.chaosproxy.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarClassesTest {
  @TempDir Path tmp;

  private Path jar(Map<String, String> entries) throws IOException {
    Path jar = tmp.resolve("app-" + entries.hashCode() + ".jar");
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void theJarsOwnClassesCount() throws IOException {
    Path takes = jar(Map.of("dev/chaosproxy/internal/Api.class", "\u0000\u0010inheritedChannel"));
    assertThat(JarClasses.takesInheritedChannel(takes)).isTrue();
    assertThat(JarClasses.launcherDecision("auto", takes))
        .isEqualTo(
            "chaos_proxy_launcher='true'\n"
                + "launcher_reason='auto: the jar takes an inherited API socket'\n");
  }

  @Test
  void shadedLibrariesAndOtherFilesDoNot() throws IOException {
    Path not =
        jar(
            Map.of(
                "dev/chaosproxy/shaded/lib/Net.class", "inheritedChannel",
                "dev/chaosproxy/notes.txt", "inheritedChannel",
                "org/other/Server.class", "inheritedChannel",
                "dev/chaosproxy/Main.class", "inheritedChan"));
    assertThat(JarClasses.takesInheritedChannel(not)).isFalse();
    assertThat(JarClasses.launcherDecision("auto", not))
        .contains("chaos_proxy_launcher='false'")
        .contains("'auto: the jar does not take an inherited API socket'");
  }

  @Test
  void trueOrFalseDecideWithoutReadingTheJar() {
    Path none = tmp.resolve("none.jar");
    assertThat(JarClasses.launcherDecision("true", none))
        .isEqualTo("chaos_proxy_launcher='true'\nlauncher_reason='--launcher true'\n");
    assertThat(JarClasses.launcherDecision("false", none)).contains("chaos_proxy_launcher='false'");
    assertThatThrownBy(() -> JarClasses.launcherDecision("auto", none))
        .hasMessageContaining("cannot read the jar " + none);
    assertThatThrownBy(() -> JarClasses.launcherDecision("yes", none))
        .hasMessage("--launcher must be auto, true or false, not 'yes'");
  }
}
