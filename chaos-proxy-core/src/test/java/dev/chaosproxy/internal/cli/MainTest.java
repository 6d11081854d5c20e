package dev.chaosproxy.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.Toxic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Option;

/**
 * The standalone jar's flags: what they mean, and a clear message with exit code 2 when they are
 * wrong.
 */
class MainTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static Plan plan(Map<String, String> env, String... args) {
    return Main.parse(args, env, new PrintWriter(new StringWriter()));
  }

  @Test
  void helpAndVersionExitZero() {
    Run help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out().lines().findFirst())
        .hasValue("Usage: java -jar chaos-proxy.jar [OPTIONS]");
    assertThat(help.out())
        .contains("--delay-ms")
        .contains("--proxy")
        .contains("Exit codes: 0 for --help and --version; 1 when it cannot start")
        .contains("143 on SIGTERM and 130 on SIGINT");
    assertThat(help.err()).isEmpty();
    Run version = run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).startsWith("chaos-proxy ").contains("Toxiproxy API 2.12.0");
  }

  @Test
  void everyFlagIsDescribedInOneParagraph() {
    // picocli prints each element of a description on a line of its own, so a description given as
    // several elements comes out in --help as ragged lines instead of one wrapped paragraph.
    for (Field field : Options.class.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option != null) {
        assertThat(option.description()).as(String.join(", ", option.names())).hasSize(1);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--bogus                                         | Unknown option: '--bogus'; the flags are --api, --api-token, --api-allowed-host, --api-allowed-origin, --listen, --upstream, --proxy,",
        "--delay=5                                       | Unknown option: '--delay=5'; did you mean --delay-ms?",
        "stray                                           | Unmatched argument at index 0: 'stray' (this program takes flags only: --api,",
        "--event-loops                                   | Missing required parameter for option '--event-loops' (N)",
        "--delay-ms=abc                                  | Invalid value for option '--delay-ms'",
        "--listen=127.0.0.1:8080                         | --listen needs --upstream",
        "--upstream=127.0.0.1:8080                       | --upstream needs --listen",
        "--listen=8080 --upstream=h:1                    | --listen: a listen address is host:port",
        "--listen=127.0.0.1:0 --upstream=h:99999         | --upstream: the port in 'h:99999' must be between 1 and 65535",
        "--api=localhost                                 | --api: a listen address is host:port",
        "--delay-ms=-5                                   | --delay-ms must be >= 0, was -5",
        "--terminate-probability-rate=1.5                | --terminate-probability-rate must be between 0.0 and 1.0 (got 1.5)",
        "--corrupt-probability-rate=-0.1                 | --corrupt-probability-rate must be between 0.0 and 1.0",
        "--proxy=nonsense                                | is not a proxy mapping",
        "--proxy=a=b=c=d                                 | too many '='",
        "--proxy=bad!name=127.0.0.1:0=h:1                | a proxy name is 1 to 128",
        "--proxy=x=127.0.0.1:0=h:1 --proxy=x=127.0.0.1:0=h:2 | two proxies are named 'x'",
        "--log-level=loud                                | --log-level must be one of error, warn, info, debug, trace",
        "--api-token=                                    | --api-token must not be empty",
        "--event-loops=0                                 | --event-loops must be between 1 and 256",
        "--memory-budget=lots                            | --memory-budget must be a size like 64MiB (a whole number with B, KB, MB, KiB or MiB), was 'lots'",
        "--memory-budget=1GiB                            | --memory-budget must be a size like 64MiB",
        "--memory-budget=1KiB                            | --memory-budget must be at least 16KiB, was '1KiB'",
        "--config=/nonexistent/proxies.json              | cannot read --config /nonexistent/proxies.json"
      })
  void badFlagsSayWhatIsWrongAndExitTwo(String args, String message) {
    Run r = run(args.trim().split(" +"));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message).contains("Try 'java -jar chaos-proxy.jar --help'");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBadConfigFileNamesTheFileAndTheProblem() throws Exception {
    Path f = dir.resolve("proxies.json");
    Files.writeString(
        f,
        "[{\"name\":\"a\",\"upstream\":\"h:1\",\"toxics\":[{\"type\":\"latency\",\"attributes\":{\"latency\":-1}}]}]");
    Run r = run("--config=" + f);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--config " + f).contains("'latency' must be >= 0");
  }

  @Test
  void proxyMappingsComeInThreeSpellings() {
    Plan p =
        plan(
            Map.of(),
            "--listen",
            "127.0.0.1:8080",
            "--upstream",
            "127.0.0.1:8181",
            "--proxy",
            "redis=127.0.0.1:26379=localhost:6379",
            "--proxy",
            "127.0.0.1:15432=db:5432",
            "--proxy",
            "0.0.0.0:8787:127.0.0.1:22");
    assertThat(p.proxies)
        .containsExactly(
            new Plan.FlagProxy("default", "127.0.0.1:8080", "127.0.0.1:8181"),
            new Plan.FlagProxy("redis", "127.0.0.1:26379", "localhost:6379"),
            new Plan.FlagProxy("proxy-2", "127.0.0.1:15432", "db:5432"),
            new Plan.FlagProxy("proxy-3", "0.0.0.0:8787", "127.0.0.1:22"));
    assertThat(p.api).isEqualTo("127.0.0.1:8474");
  }

  @Test
  void trixtersChaosFlagsBecomeToxicsOnBothDirections() {
    Plan p =
        plan(
            Map.of(),
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "h:1",
            "--delay-ms",
            "250",
            "--throttle-rate-bytes",
            "10240",
            "--slice-size-bytes",
            "512",
            "--terminate-probability-rate",
            "0.05",
            "--corrupt-probability-rate",
            "0.02",
            "--connection-duration-ms",
            "30000",
            "--random-seed",
            "42");
    assertThat(p.chaos)
        .extracting(Toxic::name)
        .containsExactly(
            "latency_upstream",
            "latency_downstream",
            "bandwidth_upstream",
            "bandwidth_downstream",
            "slicer_upstream",
            "slicer_downstream",
            "terminate_upstream",
            "terminate_downstream",
            "corrupt_upstream",
            "corrupt_downstream",
            "session_limit_downstream");
    assertThat(p.chaos.get(0).attributes()).containsEntry("latency", 250L);
    assertThat(p.chaos.get(2).attributes()).containsEntry("rate_bytes", 10240L);
    assertThat(p.seed).isEqualTo(42L);
    assertThat(plan(Map.of(), "--listen", "127.0.0.1:0", "--upstream", "h:1").chaos)
        .as("0 means off")
        .isEmpty();
  }

  @Test
  void theMemoryBudgetIsASize() {
    assertThat(plan(Map.of(), "--memory-budget", "64MiB").memoryBudget)
        .isEqualTo(dev.chaosproxy.DataSize.ofMiB(64));
    assertThat(plan(Map.of()).memoryBudget).as("unset: the engine's default").isNull();
  }

  @Test
  void theTokenComesFromTheFlagOrTheEnvironment() {
    assertThat(plan(Map.of("CHAOS_PROXY_API_TOKEN", "env")).token).isEqualTo("env");
    assertThat(plan(Map.of("CHAOS_PROXY_API_TOKEN", "env"), "--api-token", "flag").token)
        .isEqualTo("flag");
    assertThat(plan(Map.of()).token).isNull();
  }

  @Test
  void aPortInUseExitsOneWithTheReason() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r =
          run(
              "--api",
              "127.0.0.1:0",
              "--listen",
              "127.0.0.1:" + taken.getLocalPort(),
              "--upstream",
              "h:1");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err())
          .contains("cannot start: proxy 'default'")
          .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
      Run api = run("--api", "127.0.0.1:" + taken.getLocalPort());
      assertThat(api.code()).isEqualTo(1);
      assertThat(api.err())
          .contains(
              "cannot start: the control API cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": ");
    }
  }
}
