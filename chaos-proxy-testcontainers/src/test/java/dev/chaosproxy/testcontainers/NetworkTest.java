package dev.chaosproxy.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testcontainers.testing.Containers;
import dev.chaosproxy.testcontainers.testing.RequiresDocker;
import dev.chaosproxy.testcontainers.testing.TestImages;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Containers on one Network reach each other by alias, while the host reaches them by mapped port.
 */
@RequiresDocker
class NetworkTest {
  private final Network network = Network.newNetwork();

  @AfterEach
  void close() {
    network.close();
  }

  @Test
  void aClientContainerReachesTheEchoByAlias() {
    try (GenericContainer<?> echo =
            new GenericContainer<>(TestImages.echo())
                .withNetwork(network)
                .withNetworkAliases("echo")
                .withExposedPorts(7);
        GenericContainer<?> client =
            oneShot(TestImages.echo(), "sh", "-c", "printf 'across the network' | nc echo 7")) {
      Containers.start(echo);
      Containers.start(client);
      assertThat(client.getLogs()).isEqualTo("across the network");
    }
  }

  @Test
  void hostAndClientContainerShareOneRedisByPortAndByAlias() throws Exception {
    try (GenericContainer<?> redis =
        new GenericContainer<>(TestImages.redis())
            .withNetwork(network)
            .withNetworkAliases("redis")
            .withExposedPorts(6379)
            .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1))) {
      Containers.start(redis);
      try (Socket host = new Socket(redis.getHost(), redis.getMappedPort(6379))) {
        host.setSoTimeout(10_000);
        assertThat(LocalImagesTest.Resp.call(host, "SET", "written-by", "host")).isEqualTo("+OK");
      }
      try (GenericContainer<?> client =
          oneShot(
              TestImages.redis(), "redis-cli", "-h", "redis", "-p", "6379", "GET", "written-by")) {
        Containers.start(client);
        assertThat(client.getLogs()).isEqualTo("host\n");
      }
    }
  }

  @Test
  void theChaosProxyImagesJvmResolvesAnAliasAndConnects() {
    try (GenericContainer<?> redis =
            new GenericContainer<>(TestImages.redis())
                .withNetwork(network)
                .withNetworkAliases("redis")
                .withExposedPorts(6379)
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
        GenericContainer<?> probe =
            oneShot(
                    TestImages.chaosProxy(),
                    "-cp",
                    "/probe",
                    AliasProbe.class.getName(),
                    "redis",
                    "6379")
                .withCopyFileToContainer(
                    MountableFile.forClasspathResource(
                        AliasProbe.class.getName().replace('.', '/') + ".class"),
                    "/probe/" + AliasProbe.class.getName().replace('.', '/') + ".class")
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/opt/java/bin/java"))) {
      Containers.start(redis);
      Containers.start(probe);
      assertThat(probe.getLogs())
          .matches("redis is \\d+\\.\\d+\\.\\d+\\.\\d+, answered \\+PONG\\n");
    }
  }

  @Test
  void theControlApiListensOnTheNetworkAndAnswersTheNamesItIsGiven() {
    try (GenericContainer<?> proxy =
            new GenericContainer<>(TestImages.chaosProxy())
                .withNetwork(network)
                .withNetworkAliases("chaos")
                .withExposedPorts(8474)
                .withEnv("CHAOS_PROXY_API_ALLOWED_HOSTS", "chaos")
                .waitingFor(Containers.httpOk("/version", 8474));
        GenericContainer<?> client =
            oneShot(TestImages.echo(), "wget", "-q", "-O", "-", "http://chaos:8474/version")) {
      Containers.start(proxy);
      Containers.start(client);
      assertThat(client.getLogs()).contains("\"version\"");
    }
  }

  @Test
  void aNameTheApiWasNotGivenIsRefusedAgainstDnsRebinding() {
    try (GenericContainer<?> proxy =
            new GenericContainer<>(TestImages.chaosProxy())
                .withNetwork(network)
                .withNetworkAliases("chaos")
                .withExposedPorts(8474)
                .waitingFor(Containers.httpOk("/version", 8474));
        GenericContainer<?> client =
            oneShot(
                TestImages.echo(),
                "sh",
                "-c",
                "wget -q -O - http://chaos:8474/version 2>&1; exit 0")) {
      Containers.start(proxy);
      Containers.start(client);
      assertThat(client.getLogs()).contains("403");
    }
  }

  @Test
  void aChaosProxyContainerAnswersItsNetworkAliases() {
    try (ChaosProxyContainer proxy =
            new ChaosProxyContainer(TestImages.chaosProxy())
                .withNetwork(network)
                .withNetworkAliases("chaos");
        GenericContainer<?> client =
            oneShot(TestImages.echo(), "wget", "-q", "-O", "-", "http://chaos:8474/version")) {
      Containers.start(proxy);
      Containers.start(client);
      assertThat(client.getLogs()).contains("\"version\"");
    }
  }

  /** A container on the network that runs {@code command} once; start() returns when it exits 0. */
  private GenericContainer<?> oneShot(DockerImageName image, String... command) {
    return new GenericContainer<>(image)
        .withNetwork(network)
        .withCommand(command)
        .withStartupCheckStrategy(Containers.exitsZero(Duration.ofSeconds(30)));
  }
}
