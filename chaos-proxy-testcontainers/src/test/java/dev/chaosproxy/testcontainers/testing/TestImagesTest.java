package dev.chaosproxy.testcontainers.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Reading images.properties, without an engine. */
class TestImagesTest {
  private final Properties images = new Properties();

  @Test
  void givesTheRecordedReference() {
    images.setProperty("echo", " chaos-proxy-test/echo:c-83e39a2cbf62 ");
    assertThat(TestImages.reference(images, "echo"))
        .isEqualTo("chaos-proxy-test/echo:c-83e39a2cbf62");
  }

  @Test
  void aSkippedImageSaysWhy() {
    images.setProperty("redis.skipped", "redis-server is not installed on this host");
    assertThatThrownBy(() -> TestImages.reference(images, "redis"))
        .isInstanceOf(TestImages.MissingImage.class)
        .hasMessage("image 'redis' was not built: redis-server is not installed on this host");
  }

  @Test
  void anUnknownImageListsTheKnownOnes() {
    images.setProperty("echo", "chaos-proxy-test/echo:c-1");
    images.setProperty("chaos-proxy", "chaos-proxy:c-2");
    assertThatThrownBy(() -> TestImages.reference(images, "redis"))
        .isInstanceOf(TestImages.MissingImage.class)
        .hasMessageStartingWith("no image 'redis' in the images file (it has [chaos-proxy, echo])");
  }
}
