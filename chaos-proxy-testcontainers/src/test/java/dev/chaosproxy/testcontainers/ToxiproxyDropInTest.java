package dev.chaosproxy.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testcontainers.testing.Containers;
import dev.chaosproxy.testcontainers.testing.RequiresDocker;
import dev.chaosproxy.testcontainers.testing.TestImages;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Toxiproxy user's test, unchanged but for the image: Testcontainers' own ToxiproxyContainer runs
 * the chaos-proxy image as a compatible substitute for Toxiproxy's, and toxiproxy-java drives it.
 * The upstream is an echo container on the network; the client is on the host.
 */
@RequiresDocker
class ToxiproxyDropInTest {
  @Test
  void toxiproxyContainerAndToxiproxyJavaWorkOnTheChaosProxyImage() throws Exception {
    DockerImageName image =
        TestImages.chaosProxy().asCompatibleSubstituteFor("ghcr.io/shopify/toxiproxy");
    try (Network network = Network.newNetwork();
        GenericContainer<?> echo =
            new GenericContainer<>(TestImages.echo())
                .withNetwork(network)
                .withNetworkAliases("echo");
        ToxiproxyContainer toxiproxy = new ToxiproxyContainer(image).withNetwork(network)) {
      Containers.start(echo);
      Containers.start(toxiproxy);

      ToxiproxyClient client = new ToxiproxyClient(toxiproxy.getHost(), toxiproxy.getControlPort());
      Proxy proxy = client.createProxy("echo", "0.0.0.0:8666", "echo:7");
      String host = toxiproxy.getHost();
      int port = toxiproxy.getMappedPort(8666);
      assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("echo");
      assertThat(roundTripMillis(host, port)).isLessThan(1_000);

      proxy.toxics().latency("latency", ToxicDirection.DOWNSTREAM, 400).setJitter(0);
      assertThat(roundTripMillis(host, port))
          .as("ms for a round trip with 400 ms latency")
          .isGreaterThanOrEqualTo(390);
      proxy.toxics().get("latency").remove();

      proxy.toxics().resetPeer("reset", ToxicDirection.DOWNSTREAM, 0);
      try (Socket s = connect(host, port)) {
        s.getOutputStream().write(1);
        assertThat(readOrEnd(s.getInputStream())).as("a reset instead of the echo").isEqualTo(-1);
      }
      proxy.toxics().get("reset").remove();

      proxy.toxics().timeout("timeout", ToxicDirection.DOWNSTREAM, 0);
      try (Socket s = connect(host, port)) {
        s.setSoTimeout(500);
        s.getOutputStream().write(1);
        try {
          int b = s.getInputStream().read();
          throw new AssertionError(
              (b < 0 ? "the connection ended" : "a byte came back")
                  + "; a timeout of 0 should hold the connection, silent");
        } catch (SocketTimeoutException expected) {
          // silent, as Toxiproxy's timeout 0 is
        }
      }
      client.reset();
      assertThat(proxy.toxics().getAll()).isEmpty();
      assertThat(roundTripMillis(host, port)).isLessThan(1_000);
    }
  }

  private static Socket connect(String host, int port) throws IOException {
    Socket s = new Socket(host, port);
    s.setSoTimeout(5_000);
    return s;
  }

  private static double roundTripMillis(String host, int port) throws IOException {
    try (Socket s = connect(host, port)) {
      long start = System.nanoTime();
      s.getOutputStream().write(42);
      assertThat(s.getInputStream().read()).isEqualTo(42);
      return (System.nanoTime() - start) / 1e6;
    }
  }

  /** The next byte, or -1 when the connection ended (EOF or reset) first. */
  private static int readOrEnd(InputStream in) {
    try {
      return in.read();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("neither a byte nor the end within the read timeout", e);
    } catch (IOException reset) {
      return -1;
    }
  }
}
