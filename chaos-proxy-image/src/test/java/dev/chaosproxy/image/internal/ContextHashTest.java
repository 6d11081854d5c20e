package dev.chaosproxy.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextHashTest {
  @TempDir Path tmp;

  @BeforeEach
  void onlyWhereFilesHaveUnixModes() {
    assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("unix"),
        "the images are built on Linux: this file system has no unix modes");
  }

  /** A context like the real ones: a Dockerfile, nested files, an executable, a link, /tmp 1777. */
  private Path context(String name, boolean reversed) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    List<Runnable> steps =
        new java.util.ArrayList<>(
            List.of(
                () -> write(dir.resolve("Dockerfile"), "FROM scratch\n"),
                () -> write(dir.resolve("rootfs/etc/passwd"), "nobody:x:65534:\n"),
                () -> write(dir.resolve("app/launch"), "\u007fELF"),
                () -> write(dir.resolve("jre/legal/java.base/LICENSE"), "GPLv2\n")));
    if (reversed) java.util.Collections.reverse(steps);
    steps.forEach(Runnable::run);
    Files.setPosixFilePermissions(
        dir.resolve("app/launch"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("jre/legal/java.logging"));
    Files.createSymbolicLink(
        dir.resolve("jre/legal/java.logging/LICENSE"), Path.of("../java.base/LICENSE"));
    Path tmpDir = Files.createDirectories(dir.resolve("rootfs/tmp"));
    Files.setAttribute(tmpDir, "unix:mode", 01777);
    return dir;
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void isWhatTheShellPipelineComputed() throws Exception {
    Path dir = context("ctx", false);
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "cd \"$1\" && { find . -printf '%y %m %p -> %l\\n' | LC_ALL=C sort;"
                    + " find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; }"
                    + " | sha256sum | cut -c1-12",
                "hash",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    String shell = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assumeTrue(p.waitFor() == 0, "no bash with GNU find here: " + shell);

    assertThat(ContextHash.of(dir)).hasSize(12).isEqualTo(shell);
    assertThat(ContextHash.listing(dir))
        .contains("d 1777 ./rootfs/tmp -> \n")
        .contains("l 777 ./jre/legal/java.logging/LICENSE -> ../java.base/LICENSE\n")
        .contains("f 755 ./app/launch -> \n")
        .startsWith("d ");
  }

  @Test
  void doesNotDependOnTheOrderFilesWereWrittenInNorOnTheirTimes() throws IOException {
    Path a = context("a", false);
    Path b = context("b", true);
    Files.setLastModifiedTime(b.resolve("Dockerfile"), FileTime.fromMillis(0));
    Files.setLastModifiedTime(b.resolve("rootfs"), FileTime.fromMillis(86_400_000));

    assertThat(ContextHash.of(b)).isEqualTo(ContextHash.of(a));
  }

  @Test
  void changesWithAFilesBytes() throws IOException {
    Path dir = context("ctx", false);
    String before = ContextHash.of(dir);
    Files.writeString(dir.resolve("rootfs/etc/passwd"), "nobody:x:65533:\n");

    assertThat(ContextHash.of(dir)).isNotEqualTo(before);
  }

  @Test
  void changesWithAFilesMode() throws IOException {
    Path dir = context("ctx", false);
    String before = ContextHash.of(dir);
    Files.setPosixFilePermissions(
        dir.resolve("app/launch"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(ContextHash.of(dir)).isNotEqualTo(before);
  }

  @Test
  void changesWithAFilesName() throws IOException {
    Path dir = context("ctx", false);
    String before = ContextHash.of(dir);
    Files.move(dir.resolve("app/launch"), dir.resolve("app/launcher"));

    assertThat(ContextHash.of(dir)).isNotEqualTo(before);
  }

  @Test
  void changesWithALinksTarget() throws IOException {
    Path dir = context("ctx", false);
    String before = ContextHash.of(dir);
    Path link = dir.resolve("jre/legal/java.logging/LICENSE");
    Files.delete(link);
    Files.createSymbolicLink(link, Path.of("../java.base/./LICENSE"));

    assertThat(ContextHash.of(dir)).isNotEqualTo(before);
  }

  @Test
  void aMissingContextIsNamed() {
    assertThatThrownBy(() -> ContextHash.of(tmp.resolve("nowhere")))
        .isInstanceOf(BuildFailure.class)
        .hasMessageContaining("no build context at " + tmp.resolve("nowhere"));
  }

  @Test
  void namesWithABackslashOrNewlineAreEscapedAsSha256sumDoes() {
    assertThat(Sha256.line("ab", "./a\\b\nc")).isEqualTo("\\ab  ./a\\\\b\\nc\n");
    assertThat(Sha256.line("ab", "./plain")).isEqualTo("ab  ./plain\n");
  }
}
