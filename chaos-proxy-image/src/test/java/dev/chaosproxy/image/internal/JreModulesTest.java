package dev.chaosproxy.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JreModulesTest {
  private static final String MODULES = "java.base,java.logging,jdk.httpserver";
  private static final String OPTIONAL = "java.desktop,java.sql,java.xml";

  @Test
  void modulesTheJreHasSayNothing() {
    assertThat(JreModules.check("java.base,jdk.httpserver\n", MODULES, OPTIONAL, "a.jar"))
        .isEmpty();
  }

  @Test
  void optionalModulesAreNamedAsLeftOut() {
    assertThat(JreModules.check("java.base,java.desktop,java.sql\n", MODULES, OPTIONAL, "a.jar"))
        .isEqualTo(
            "jdeps also lists java.desktop java.sql for a.jar: left out on purpose"
                + " (chaosproxy.jre.optional)");
  }

  @Test
  void missingModulesFailNamingThemAndWhereToAddThem() {
    assertThatThrownBy(
            () -> JreModules.check("java.base,java.net.http,java.sql", MODULES, OPTIONAL, "a.jar"))
        .isInstanceOf(BuildFailure.class)
        .hasMessage(
            "jdeps says a.jar uses modules the JRE lacks: java.net.http. Add them to"
                + " chaosproxy.jre.modules (now java.base,java.logging,jdk.httpserver), or to"
                + " chaosproxy.jre.optional if the jar runs without them.");
  }
}
