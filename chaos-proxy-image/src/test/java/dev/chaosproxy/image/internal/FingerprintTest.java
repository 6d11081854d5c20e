package dev.chaosproxy.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {
  @TempDir Path tmp;

  @Test
  void aFileCountsByItsBytesAndAnythingElseByItself() throws IOException {
    Path jar = Files.writeString(tmp.resolve("app.jar"), "one");
    String first = Fingerprint.of(List.of(jar.toString(), "0.1.0", tmp.toString()));

    assertThat(first).hasSize(32).matches("[0-9a-f]+");
    assertThat(Fingerprint.of(List.of(jar.toString(), "0.1.0", tmp.toString()))).isEqualTo(first);
    assertThat(Fingerprint.of(List.of(jar.toString(), "0.1.1", tmp.toString())))
        .isNotEqualTo(first);

    Files.writeString(jar, "two");
    assertThat(Fingerprint.of(List.of(jar.toString(), "0.1.0", tmp.toString())))
        .isNotEqualTo(first);
  }

  @Test
  void aTreeCountsEveryFileUnderIt() throws IOException {
    Path rootfs = Files.createDirectories(tmp.resolve("rootfs/etc"));
    Files.writeString(rootfs.resolve("passwd"), "nobody");
    List<String> inputs = List.of("--tree", tmp.resolve("rootfs").toString());
    String before = Fingerprint.of(inputs);

    Files.writeString(rootfs.resolve("group"), "nogroup");
    assertThat(Fingerprint.of(inputs)).isNotEqualTo(before);
  }

  @Test
  void aTreeWithoutADirectoryIsNamed() {
    assertThatThrownBy(() -> Fingerprint.of(List.of("--tree")))
        .hasMessage("fingerprint: --tree needs a directory after it");
    assertThatThrownBy(() -> Fingerprint.of(List.of("--tree", tmp.resolve("x").toString())))
        .hasMessageContaining("is not a directory");
  }
}
