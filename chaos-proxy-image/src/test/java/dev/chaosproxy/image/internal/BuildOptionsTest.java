package dev.chaosproxy.image.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildOptionsTest {
  private static BuildOptions parse(String... args) {
    return BuildOptions.parse(List.of(args), Map.of(), "/jdk/running");
  }

  @Test
  void defaultsBuildEveryImageWithTheArchiveAndAnAutomaticLauncher() {
    BuildOptions o = parse("--out", "target", "--version", "0.1.0");

    assertThat(o.out).isEqualTo(Path.of("target").toAbsolutePath());
    assertThat(o.images).containsExactly("chaos-proxy", "native", "echo", "redis");
    assertThat(o.cds).isEqualTo("true");
    assertThat(o.launcher).isEqualTo("auto");
    assertThat(o.modules).isEqualTo("java.base,java.logging,jdk.httpserver");
    assertThat(o.optionalModules).isEqualTo("java.desktop,java.sql,java.xml");
    assertThat(o.javaHome).isEqualTo("/jdk/running");
  }

  @Test
  void javaHomeFromTheEnvironmentThenFromTheOption() {
    List<String> args = List.of("--out", "t", "--version", "1");
    assertThat(BuildOptions.parse(args, Map.of("JAVA_HOME", "/jdk/env"), "/jdk/running").javaHome)
        .isEqualTo("/jdk/env");
    List<String> withOption = List.of("--out", "t", "--version", "1", "--java-home", "/jdk/opt");
    assertThat(
            BuildOptions.parse(withOption, Map.of("JAVA_HOME", "/jdk/env"), "/jdk/running")
                .javaHome)
        .isEqualTo("/jdk/opt");
  }

  @Test
  void everyOptionAndTheImagesInTheOrderGiven() {
    BuildOptions o =
        parse(
            "redis",
            "--out",
            "/x/../y",
            "--version",
            "2",
            "--jar",
            "a.jar",
            "--cds",
            "false",
            "--launcher",
            "true",
            "--modules",
            "java.base",
            "--optional-modules",
            "",
            "echo");
    assertThat(o.out).isEqualTo(Path.of("/y"));
    assertThat(o.images).containsExactly("redis", "echo");
    assertThat(o.jar).isEqualTo("a.jar");
    assertThat(o.cds).isEqualTo("false");
    assertThat(o.launcher).isEqualTo("true");
    assertThat(o.modules).isEqualTo("java.base");
  }

  @Test
  void anUnknownOptionSaysWhichAreValid() {
    assertThatThrownBy(() -> parse("--out", "t", "--version", "1", "--cache", "x"))
        .isInstanceOf(BuildFailure.class)
        .hasMessage(
            "unknown option --cache: valid options are --out DIR, --version V, --java-home DIR,"
                + " --jar FILE, --cds true|false, --launcher auto|true|false, --modules LIST,"
                + " --optional-modules LIST, -h|--help")
        .extracting(e -> ((BuildFailure) e).exitCode())
        .isEqualTo(2);
  }

  @Test
  void anUnknownImageSaysWhichAreValid() {
    assertThatThrownBy(() -> parse("--out", "t", "--version", "1", "postgres"))
        .hasMessage("unknown image 'postgres': valid images are chaos-proxy, native, echo, redis");
  }

  @Test
  void aBadValueSaysWhichAreValid() {
    assertThatThrownBy(() -> parse("--out", "t", "--version", "1", "--cds", "yes"))
        .hasMessage("--cds must be true or false, not 'yes'");
    assertThatThrownBy(() -> parse("--out", "t", "--version", "1", "--launcher", "on"))
        .hasMessage("--launcher must be auto, true or false, not 'on'");
  }

  @Test
  void aMissingValueOrRequiredOptionIsNamed() {
    assertThatThrownBy(() -> parse("--version", "1", "--out"))
        .hasMessage("--out needs a value: --out DIR");
    assertThatThrownBy(() -> parse("--version", "1", "--out", "", "echo"))
        .hasMessage("--out DIR is required");
    assertThatThrownBy(() -> parse("--version", "1")).hasMessage("--out DIR is required");
    assertThatThrownBy(() -> parse("--out", "t")).hasMessage("--version V is required");
  }

  @Test
  void helpNeedsNothingElse() {
    assertThat(parse("--help").toShell()).isEqualTo("help='true'\n");
    assertThat(parse("--out", "t", "-h").help).isTrue();
  }

  @Test
  void bashReadsBackExactlyTheValues() throws Exception {
    String tricky = "/tmp/it's $HOME `x` \"q\"";
    String shell =
        parse("--out", "/t", "--version", "1", "--jar", tricky, "echo", "redis").toShell();
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "eval \"$1\"; printf '%s|' \"$help\" \"$jar\" \"${images[@]}\"",
                "x",
                shell)
            .redirectErrorStream(true)
            .start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();

    assertThat(printed).isEqualTo("false|" + tricky + "|echo|redis|");
  }
}
