package dev.chaosproxy.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesPropertiesTest {
  @TempDir Path tmp;

  @Test
  void aFirstRunWritesTheHeaderAndItsEntries() throws IOException {
    Path file = tmp.resolve("images.properties");
    ImagesProperties.write(
        file,
        List.of("chaos-proxy", "echo"),
        List.of("chaos-proxy=chaos-proxy:c-250023ee16a5", "echo.skipped=busybox is not installed"));

    assertThat(Files.readAllLines(file))
        .containsExactly(
            ImagesProperties.HEADER,
            "chaos-proxy=chaos-proxy:c-250023ee16a5",
            "echo.skipped=busybox is not installed");
    assertThat(tmp.resolve("images.properties.tmp")).doesNotExist();
  }

  @Test
  void keepsTheLinesOfImagesThisRunWasNotAskedFor() throws IOException {
    Path file = tmp.resolve("images.properties");
    Files.write(
        file,
        List.of(
            ImagesProperties.HEADER,
            "chaos-proxy=chaos-proxy:c-000000000000",
            "",
            "echo.skipped=busybox is not installed",
            "redis=chaos-proxy-test/redis:c-986a05944810"));

    ImagesProperties.write(
        file, List.of("chaos-proxy", "echo"), List.of("chaos-proxy=chaos-proxy:c-250023ee16a5"));

    assertThat(Files.readAllLines(file))
        .containsExactly(
            ImagesProperties.HEADER,
            "redis=chaos-proxy-test/redis:c-986a05944810",
            "chaos-proxy=chaos-proxy:c-250023ee16a5");
  }

  @Test
  void anEntryForAnImageNotAskedForIsAMistake() {
    assertThatThrownBy(
            () ->
                ImagesProperties.write(
                    tmp.resolve("images.properties"),
                    List.of("echo"),
                    List.of("redis=chaos-proxy-test/redis:c-1")))
        .isInstanceOf(BuildFailure.class)
        .hasMessageContaining("'redis=chaos-proxy-test/redis:c-1' is not IMAGE=REF");
  }
}
