package dev.chaosproxy.image.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuildImagesTest {
  @Test
  void anUnknownCommandSaysWhichAreValid() {
    assertThatThrownBy(() -> BuildImages.run(List.of("hash")))
        .isInstanceOf(BuildFailure.class)
        .hasMessage(
            "unknown command 'hash': valid commands are options, context-hash, fingerprint,"
                + " properties, check-modules, launcher");
  }

  @Test
  void aWrongNumberOfArgumentsIsNamed() {
    assertThatThrownBy(() -> BuildImages.run(List.of("context-hash")))
        .hasMessage("context-hash takes 1 arguments, not 0");
    assertThatThrownBy(() -> BuildImages.run(List.of())).hasMessageStartingWith("no command");
  }
}
