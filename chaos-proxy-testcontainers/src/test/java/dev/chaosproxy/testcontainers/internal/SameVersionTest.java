package dev.chaosproxy.testcontainers.internal;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The module and the core it was built with agree: the check passes in the build. */
class SameVersionTest {
  @Test
  void theCoreOfThisBuildIsThisModulesVersion() {
    assertThat(dev.chaosproxy.internal.Version.get()).isNotEqualTo("unknown");
    assertThatCode(SameVersion::check).doesNotThrowAnyException();
  }

  private static org.assertj.core.api.AbstractStringAssert<?> assertThat(String s) {
    return org.assertj.core.api.Assertions.assertThat(s);
  }
}
