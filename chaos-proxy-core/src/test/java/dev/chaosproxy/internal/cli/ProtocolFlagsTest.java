package dev.chaosproxy.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.Protocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP proxies from the command line: {@code --proxy ...,http}, {@code --protocol}, the config. */
class ProtocolFlagsTest {
  @TempDir Path dir;

  private static Plan plan(String... args) {
    return Main.parse(args, Map.of(), new PrintWriter(new StringWriter()));
  }

  @Test
  void aProxyMappingEndsWithItsProtocol() {
    Plan p =
        plan(
            "--proxy", "api=127.0.0.1:0=localhost:80,http",
            "--proxy", "127.0.0.1:0=db:5432,TCP",
            "--proxy", "0.0.0.0:8787:127.0.0.1:8080,http",
            "--proxy", "redis=127.0.0.1:0=localhost:6379");
    assertThat(p.proxies)
        .containsExactly(
            new Plan.FlagProxy("api", "127.0.0.1:0", "localhost:80", Protocol.HTTP),
            new Plan.FlagProxy("proxy-2", "127.0.0.1:0", "db:5432", Protocol.TCP),
            new Plan.FlagProxy("proxy-3", "0.0.0.0:8787", "127.0.0.1:8080", Protocol.HTTP),
            new Plan.FlagProxy("redis", "127.0.0.1:0", "localhost:6379", Protocol.TCP));
  }

  @Test
  void protocolIsTheDefaultOfTheFlagProxiesAndASuffixOverridesIt() {
    Plan p =
        plan(
            "--protocol=http",
            "--listen=127.0.0.1:0",
            "--upstream=127.0.0.1:8181",
            "--proxy=a=127.0.0.1:0=h:1",
            "--proxy=b=127.0.0.1:0=h:2,tcp");
    assertThat(p.proxies)
        .extracting(Plan.FlagProxy::protocol)
        .containsExactly(Protocol.HTTP, Protocol.HTTP, Protocol.TCP);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--protocol=udp                       | --protocol: the protocol is tcp (bytes only) or http (HTTP/1.1, for HTTP faults), was 'udp'",
        "--proxy=a=127.0.0.1:0=h:1,https      | --proxy 'a=127.0.0.1:0=h:1,https' after ',': the protocol is tcp (bytes only) or http",
        "--proxy=a=127.0.0.1:0=h:1,           | after ',': the protocol is tcp (bytes only) or http (HTTP/1.1, for HTTP faults), was ''",
        "--proxy=nonsense,http                | is not a proxy mapping; use [NAME=]LISTEN=UPSTREAM[,http]"
      })
  void aBadProtocolSaysWhatIsValid(String arg, String message) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {arg.trim()}, Map.of(), new PrintWriter(out, true), new PrintWriter(err));
    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }

  @Test
  void theConfigFileTakesProtocol() throws Exception {
    Path f = dir.resolve("proxies.json");
    Files.writeString(
        f,
        "[{\"name\":\"api\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"h:80\",\"protocol\":\"http\","
            + "\"toxics\":[{\"type\":\"http_respond\",\"attributes\":{\"path\":\"/x\","
            + "\"headers\":{\"Retry-After\":\"1\"}}}]},"
            + "{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"h:5432\"}]");
    Plan p = plan("--config=" + f, "--proxy=web=127.0.0.1:0=h:8080,http");
    try (Standalone s = Standalone.start(p, EarlyListener.none())) {
      assertThat(s.engine().proxy("api").orElseThrow().protocol()).isEqualTo(Protocol.HTTP);
      assertThat(s.engine().proxy("api").orElseThrow().toxics().get(0).attributes())
          .containsEntry("headers", Map.of("Retry-After", "1"));
      assertThat(s.engine().proxy("db").orElseThrow().protocol()).isEqualTo(Protocol.TCP);
      assertThat(s.engine().proxy("web").orElseThrow().protocol()).isEqualTo(Protocol.HTTP);
    }
  }

  @Test
  void aBadProtocolInTheConfigNamesTheFileAndTheValidOnes() throws Exception {
    Path f = dir.resolve("proxies.json");
    Files.writeString(f, "[{\"name\":\"api\",\"upstream\":\"h:80\",\"protocol\":\"grpc\"}]");
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"--config=" + f},
            Map.of(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--config " + f)
        .contains("field 'protocol' of proxy 'api' must be \"tcp\"")
        .contains("was \"grpc\"");
  }
}
