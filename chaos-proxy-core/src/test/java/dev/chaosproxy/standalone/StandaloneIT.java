package dev.chaosproxy.standalone;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.testing.Http;
import dev.chaosproxy.testing.RawHttp;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.StandaloneProcess;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar chaos-proxy-core-*-standalone.jar}, as users run it. */
class StandaloneIT {
  private final TestServer echo = TestServer.echo();
  @TempDir Path dir;

  @AfterEach
  void close() {
    echo.close();
  }

  private static int port(JsonNode proxy) {
    String listen = proxy.get("listen").asText();
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    return s;
  }

  @Test
  void withTheApiAloneItServesNoProxiesAndTakesNewOnes() throws Exception {
    try (StandaloneProcess p = StandaloneProcess.start("--api", "127.0.0.1:0")) {
      Http api = new Http(p.api());
      assertThat(api.get("/proxies").json().size()).isZero();
      Http.Response created =
          api.post("/proxies", "{\"name\":\"e\",\"upstream\":\"" + echo.address() + "\"}");
      assertThat(created.status()).isEqualTo(201);
      try (Socket s = connect(port(created.json()))) {
        assertThat(Timing.roundTrip(s)).isPositive();
      }
    }
  }

  @Test
  void trixtersFlagsPutChaosOnTheProxyAndEveryClosedConnectionIsLogged() throws Exception {
    try (StandaloneProcess p =
        StandaloneProcess.start(
            "--api",
            "127.0.0.1:0",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            echo.address(),
            "--delay-ms",
            "100",
            "--random-seed",
            "7")) {
      Http api = new Http(p.api());
      JsonNode proxy = api.get("/proxies/default").json();
      assertThat(proxy.get("toxics").size()).isEqualTo(2);
      int port = port(proxy);
      try (Socket s = connect(port)) {
        assertThat(Timing.medianRoundTripMillis(s, 3)).isGreaterThanOrEqualTo(199);
      }
      p.awaitLine(
          "default 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:"
              + port
              + " -> "
              + echo.address().replace(".", "\\.")
              + " closed after \\d+ ms, up 3 B, down 3 B: closed by both peers",
          Duration.ofSeconds(10));
      assertThat(p.log()).anyMatch(l -> l.contains("seed 7"));
    }
  }

  @Test
  void severalProxyMappingsInOneProcess() throws Exception {
    try (TestServer other = TestServer.echo();
        StandaloneProcess p =
            StandaloneProcess.start(
                "--api",
                "127.0.0.1:0",
                "--proxy",
                "one=127.0.0.1:0=" + echo.address(),
                "--proxy",
                "127.0.0.1:0:127.0.0.1:" + other.port())) {
      Http api = new Http(p.api());
      JsonNode all = api.get("/proxies").json();
      assertThat(all.has("one")).isTrue();
      assertThat(all.has("proxy-2")).isTrue();
      try (Socket a = connect(port(all.get("one")));
          Socket b = connect(port(all.get("proxy-2")))) {
        Timing.roundTrip(a);
        Timing.roundTrip(b);
      }
      assertThat(other.acceptedCount()).isEqualTo(1);
    }
  }

  @Test
  void aConfigFileInToxiproxysFormatWithToxics() throws Exception {
    Path config = dir.resolve("proxies.json");
    Files.writeString(
        config,
        "[{\"name\":\"cfg\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
            + echo.address()
            + "\","
            + "\"toxics\":[{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"latency\":150}}]}]");
    try (StandaloneProcess p =
        StandaloneProcess.start("--api", "127.0.0.1:0", "--config", config.toString())) {
      JsonNode proxy = new Http(p.api()).get("/proxies/cfg").json();
      try (Socket s = connect(port(proxy))) {
        assertThat(Timing.medianRoundTripMillis(s, 3)).isGreaterThanOrEqualTo(149);
      }
    }
  }

  @Test
  void theTokenFromTheEnvironmentGuardsTheApi() throws Exception {
    try (StandaloneProcess p =
        StandaloneProcess.start(Map.of("CHAOS_PROXY_API_TOKEN", "t0k"), "--api", "127.0.0.1:0")) {
      assertThat(new Http(p.api()).get("/proxies").status()).isEqualTo(401);
      assertThat(new Http(p.api(), "t0k").get("/proxies").status()).isEqualTo(200);
    }
  }

  @Test
  void sigtermLetsLiveConnectionsFinishWithinTheGracePeriod() throws Exception {
    try (StandaloneProcess p =
        StandaloneProcess.start(
            "--api",
            "127.0.0.1:0",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            echo.address(),
            "--grace-period-ms",
            "3000")) {
      int port = port(new Http(p.api()).get("/proxies/default").json());
      try (Socket live = connect(port)) {
        Timing.roundTrip(live);
        p.sigterm();
        p.awaitLine("waiting up to 3000 ms for 1 live connection", Duration.ofSeconds(10));
        // New clients are refused at once, the live one still works.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connect(port).close())
            .isInstanceOf(java.net.ConnectException.class);
        assertThat(Timing.roundTrip(live)).isPositive();
      }
      int code = p.awaitExit(Duration.ofSeconds(10));
      assertThat(code).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
      assertThat(p.log()).anyMatch(l -> l.contains("chaos-proxy stopped"));
      assertThat(p.log()).noneMatch(l -> l.contains("grace period over"));
    }
  }

  @Test
  void afterTheGracePeriodRemainingConnectionsAreReset() throws Exception {
    try (StandaloneProcess p =
        StandaloneProcess.start(
            "--api",
            "127.0.0.1:0",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            echo.address(),
            "--grace-period-ms",
            "300")) {
      int port = port(new Http(p.api()).get("/proxies/default").json());
      try (Socket live = connect(port)) {
        Timing.roundTrip(live);
        p.sigterm();
        // A reset, not an EOF: a client reading to the end must not take a cut stream for a whole
        // one.
        assertThat(Sockets.readOutcome(live.getInputStream())).isEqualTo("reset");
      }
      assertThat(p.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
      assertThat(p.log())
          .anyMatch(l -> l.contains("grace period over: resetting 1 connection(s) still live"));
    }
  }

  @Test
  void callsWhileItStartsAreHeldAndVersionAnswersOnceTheConfigsProxiesListen() throws Exception {
    // The process stops at reading its config (a FIFO nobody writes yet): the API serves, but
    // the proxies are not up. (Without proxies to start, /version is answered at once:
    // StartingApiTest.)
    Path fifo = fifo();
    int apiPort = freePort();
    try (StandaloneProcess p =
            StandaloneProcess.start("--api", "127.0.0.1:" + apiPort, "--config", fifo.toString());
        Socket s = connectWhileStarting(apiPort)) {
      long start = System.nanoTime();
      send(s, "GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(RawHttp.silentFor(s, Duration.ofMillis(300)))
          .as("held: not answered, not closed")
          .isTrue();
      Files.writeString(
          fifo,
          "[{\"name\":\"early\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
              + echo.address()
              + "\"}]");
      RawHttp.Answer version = RawHttp.read(s.getInputStream(), start);
      assertThat(version.status()).isEqualTo(200);
      assertThat(version.body()).contains("\"version\":\"2.12.0\"", "\"server\":\"chaos-proxy\"");
      send(s, "GET /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      RawHttp.Answer proxies = RawHttp.read(s.getInputStream(), start);
      assertThat(proxies.status()).isEqualTo(200);
      assertThat(proxies.body())
          .as("the config's proxy is up once /version answers")
          .contains("\"early\"");
    }
  }

  @Test
  void aCallHeldWhileItStartsIsAnswered503WhenTheStartFails() throws Exception {
    Path fifo = fifo();
    int apiPort = freePort();
    try (StandaloneProcess p =
            StandaloneProcess.start("--api", "127.0.0.1:" + apiPort, "--config", fifo.toString());
        Socket s = connectWhileStarting(apiPort)) {
      long start = System.nanoTime();
      send(s, "GET /proxies HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      // The config's proxy cannot listen: its port is taken.
      Files.writeString(
          fifo,
          "[{\"name\":\"clash\",\"listen\":\""
              + echo.address()
              + "\",\"upstream\":\""
              + echo.address()
              + "\"}]");
      RawHttp.Answer answer = RawHttp.read(s.getInputStream(), start);
      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.body()).contains("chaos-proxy could not start: ");
      assertThat(p.awaitExit(Duration.ofSeconds(10))).isEqualTo(1);
    }
  }

  @Test
  void withATokenNotEvenVersionIsAnsweredBeforeTheStartHasReadIt() throws Exception {
    Path fifo = fifo();
    int apiPort = freePort();
    try (StandaloneProcess p =
            StandaloneProcess.start(
                Map.of("CHAOS_PROXY_API_TOKEN", "s3cret"),
                "--api",
                "127.0.0.1:" + apiPort,
                "--config",
                fifo.toString());
        Socket s = connectWhileStarting(apiPort)) {
      long start = System.nanoTime();
      send(s, "GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(RawHttp.silentFor(s, Duration.ofMillis(300)))
          .as("held: not answered, not closed")
          .isTrue();
      Files.writeString(fifo, "[]");
      assertThat(RawHttp.read(s.getInputStream(), start).status()).isEqualTo(401);
    }
  }

  private static Path fifo() throws Exception {
    Path fifo = Files.createTempDirectory("chaos-proxy-it").resolve("config.json");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    return fifo;
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    }
  }

  /** A connection to the API port as soon as the starting process listens on it. */
  private static Socket connectWhileStarting(int apiPort) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return connect(apiPort);
      } catch (java.net.ConnectException notYet) {
        assertThat(System.nanoTime() - deadline)
            .as("the API socket is bound within 20 s")
            .isNegative();
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      }
    }
  }

  private static void send(Socket s, String request) throws IOException {
    s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void sigtermAsSoonAsReadyIsLoggedStillStopsGracefully() throws Exception {
    for (int i = 0; i < 3; i++) { // the race it guards against is short: try it a few times
      try (StandaloneProcess p =
          StandaloneProcess.start(
              "--api", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--upstream", echo.address())) {
        p.awaitLine(" ready: control API on ", Duration.ofSeconds(20));
        p.sigterm();
        assertThat(p.awaitExit(Duration.ofSeconds(10))).isEqualTo(143);
        assertThat(p.log())
            .as("the graceful stop ran")
            .anyMatch(l -> l.contains("chaos-proxy stopped"));
      }
    }
  }

  @Test
  void sigintStopsGracefullyAndExits130() throws Exception {
    try (StandaloneProcess p =
        StandaloneProcess.start(
            "--api", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--upstream", echo.address())) {
      p.api();
      org.junit.jupiter.api.Assumptions.assumeFalse(
          p.ignores(2), "this test runs with SIGINT ignored (started in the background)");
      p.sigint();
      assertThat(p.awaitExit(Duration.ofSeconds(10))).isEqualTo(130);
      assertThat(p.log()).anyMatch(l -> l.contains("chaos-proxy stopped"));
    }
  }

  @Test
  void anApiPortInUseExitsOneWithTheReason() throws Exception {
    try (java.net.ServerSocket taken =
            new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        StandaloneProcess p =
            StandaloneProcess.start("--api", "127.0.0.1:" + taken.getLocalPort())) {
      assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
      p.awaitLine(
          "chaos-proxy: cannot start: the control API cannot listen on 127.0.0.1:"
              + taken.getLocalPort()
              + ": Address already in use",
          Duration.ofSeconds(5));
    }
  }

  @Test
  void helpAndVersionExitZero() throws Exception {
    try (StandaloneProcess help = StandaloneProcess.start("--help")) {
      assertThat(help.awaitExit(Duration.ofSeconds(20))).isZero();
      assertThat(help.log()).first().isEqualTo("Usage: java -jar chaos-proxy.jar [OPTIONS]");
    }
    try (StandaloneProcess version = StandaloneProcess.start("--version")) {
      assertThat(version.awaitExit(Duration.ofSeconds(20))).isZero();
      assertThat(version.log()).first().asString().startsWith("chaos-proxy ");
    }
  }

  @Test
  void badFlagsExitTwoWithAMessage() throws Exception {
    try (StandaloneProcess p = StandaloneProcess.start("--delay-ms", "soon")) {
      assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
      p.awaitLine("Invalid value for option '--delay-ms'", Duration.ofSeconds(5));
    }
  }

  @Test
  void logLevelWarnSilencesTheInfoLines() throws Exception {
    int apiPort;
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      apiPort = free.getLocalPort();
    }
    try (StandaloneProcess p =
        StandaloneProcess.start(
            "--api",
            "127.0.0.1:" + apiPort,
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            echo.address(),
            "--log-level",
            "warn")) {
      Http api = new Http(java.net.URI.create("http://127.0.0.1:" + apiPort));
      await("the API answers")
          .until(
              () -> {
                try {
                  return api.get("/health").status() == 200;
                } catch (java.io.UncheckedIOException notYet) {
                  return false;
                }
              });
      try (Socket s = connect(port(api.get("/proxies/default").json()))) {
        Timing.roundTrip(s);
      }
      await("the connection ended").until(() -> api.get("/connections").json().size() == 0);
      p.sigterm();
      p.awaitExit(Duration.ofSeconds(10));
      assertThat(p.log()).noneMatch(l -> l.contains("[INFO]"));
    }
  }
}
