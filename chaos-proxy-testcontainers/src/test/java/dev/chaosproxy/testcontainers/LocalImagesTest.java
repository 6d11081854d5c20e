package dev.chaosproxy.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectImageResponse;
import dev.chaosproxy.testcontainers.testing.Containers;
import dev.chaosproxy.testcontainers.testing.RequiresDocker;
import dev.chaosproxy.testcontainers.testing.TestImages;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/** Each locally built image, started by Testcontainers and used from the host via a mapped port. */
@RequiresDocker
class LocalImagesTest {
  @Test
  void chaosProxyAnswersVersionOnItsMappedControlPort() throws Exception {
    try (GenericContainer<?> proxy =
        new GenericContainer<>(TestImages.chaosProxy())
            .withExposedPorts(8474)
            .waitingFor(Containers.httpOk("/version", 8474))) {
      Duration took = Containers.start(proxy);

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://"
                                  + proxy.getHost()
                                  + ":"
                                  + proxy.getMappedPort(8474)
                                  + "/version"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"version\"", "\"server\":\"chaos-proxy\"");
      assertThat(took).as("start() through GET /version").isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void chaosProxyStartsOnItsClassDataArchive() {
    InspectImageResponse image =
        DockerClientFactory.instance()
            .client()
            .inspectImageCmd(TestImages.chaosProxy().asCanonicalNameString())
            .exec();
    assertThat(image.getConfig().getLabels())
        .as("built with its class-data archive (chaosproxy.image.cds)")
        .containsEntry("dev.chaosproxy.cds", "true");
    // -Xshare:on: the JVM refuses to start unless the archive matches the image's JRE and jar.
    try (GenericContainer<?> proxy =
        new GenericContainer<>(TestImages.chaosProxy())
            .withEnv("JAVA_TOOL_OPTIONS", "-Xshare:on")
            .withExposedPorts(8474)
            .waitingFor(Containers.httpOk("/version", 8474))) {
      Containers.start(proxy);
      assertThat(proxy.getLogs())
          .contains("Picked up JAVA_TOOL_OPTIONS: -Xshare:on")
          .doesNotContain("shared archive");
    }
  }

  @Test
  void chaosProxyImageIsSmallAndRunsAsNobody() {
    InspectImageResponse image =
        DockerClientFactory.instance()
            .client()
            .inspectImageCmd(TestImages.chaosProxy().asCanonicalNameString())
            .exec();
    assertThat(image.getSize()).as("image size in bytes").isLessThan(90_000_000L);
    assertThat(image.getConfig().getUser()).isEqualTo("65534:65534");
    // The launcher (binds the API port first, then execs the JVM with it on fd 0) may come first.
    java.util.List<String> entrypoint = java.util.List.of(image.getConfig().getEntrypoint());
    assertThat(
            entrypoint.get(0).equals("/opt/chaos-proxy/launch")
                ? entrypoint.subList(1, entrypoint.size())
                : entrypoint)
        .startsWith("/opt/java/bin/java");
    assertThat(image.getConfig().getCmd()).containsExactly("--api", "0.0.0.0:8474");
    assertThat(image.getConfig().getExposedPorts())
        .extracting(Object::toString)
        .containsExactly("8474/tcp");
  }

  @Test
  void echoReturnsEverythingAndThenForwardsTheHalfClose() throws Exception {
    try (GenericContainer<?> echo = new GenericContainer<>(TestImages.echo()).withExposedPorts(7)) {
      Containers.start(echo);
      byte[] sent = new byte[256 * 1024];
      new Random(5).nextBytes(sent);
      try (Socket client = new Socket(echo.getHost(), echo.getMappedPort(7))) {
        client.setSoTimeout(10_000);
        Thread writer =
            new Thread(
                () -> {
                  try {
                    OutputStream out = client.getOutputStream();
                    out.write(sent);
                    client
                        .shutdownOutput(); // FIN: the echo ends its copy, and closes after the last
                    // byte
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                });
        writer.start();
        byte[] received = client.getInputStream().readAllBytes(); // returns at the echo's FIN
        writer.join(10_000);
        assertThat(received.length).isEqualTo(sent.length);
        assertThat(Arrays.equals(received, sent)).as("echoed bytes equal the sent ones").isTrue();
      }
    }
  }

  @Test
  void redisAnswersAClientOnTheHost() throws Exception {
    try (GenericContainer<?> redis =
        new GenericContainer<>(TestImages.redis())
            .withExposedPorts(6379)
            .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1))) {
      Containers.start(redis);
      try (Socket client = new Socket(redis.getHost(), redis.getMappedPort(6379))) {
        client.setSoTimeout(10_000);
        assertThat(Resp.call(client, "PING")).isEqualTo("+PONG");
        assertThat(Resp.call(client, "SET", "chaos", "proxy")).isEqualTo("+OK");
        assertThat(Resp.call(client, "GET", "chaos")).isEqualTo("$5\r\nproxy");
      }
    }
  }

  /** Just enough of the Redis protocol for one-line and short bulk replies. */
  static final class Resp {
    private Resp() {}

    static String call(Socket socket, String... command) throws Exception {
      StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
      for (String part : command)
        request.append('$').append(part.length()).append("\r\n").append(part).append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      String first = line(socket.getInputStream());
      return first.startsWith("$") && !first.equals("$-1")
          ? first + "\r\n" + line(socket.getInputStream())
          : first;
    }

    private static String line(InputStream in) throws Exception {
      StringBuilder line = new StringBuilder();
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) throw new AssertionError("redis closed the connection after '" + line + "'");
        if (b != '\r') line.append((char) b);
      }
      return line.toString();
    }
  }
}
