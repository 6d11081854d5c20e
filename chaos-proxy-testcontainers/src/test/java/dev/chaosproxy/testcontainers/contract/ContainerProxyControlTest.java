package dev.chaosproxy.testcontainers.contract;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.testcontainers.ChaosProxyContainer;
import dev.chaosproxy.testcontainers.testing.Containers;
import dev.chaosproxy.testcontainers.testing.RequiresDocker;
import dev.chaosproxy.testcontainers.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The {@link ProxyControl} contract on a proxy in a {@link ChaosProxyContainer}, in front of an
 * echo container on the same network; the test's client is on the host and reaches the proxy
 * through its mapped port. One container for the class: each test creates its proxy after start
 * (from the reserve) and deletes it at the end, so every test starts from a fresh proxy.
 */
@RequiresDocker
class ContainerProxyControlTest extends ProxyControlContract {
  private static Network network;
  private static GenericContainer<?> echo;
  private static ChaosProxyContainer chaos;

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    echo =
        new GenericContainer<>(TestImages.echo()).withNetwork(network).withNetworkAliases("echo");
    chaos =
        new ChaosProxyContainer(TestImages.chaosProxy()).withNetwork(network).withReservedPorts(2);
    Containers.start(echo);
    Containers.start(chaos);
  }

  @AfterAll
  static void stop() {
    if (chaos != null) chaos.stop();
    if (echo != null) echo.stop();
    if (network != null) network.close();
  }

  @Override
  protected ProxyControl newProxy(String name) {
    return chaos.createProxy(name, echoAddress());
  }

  @Override
  protected String echoAddress() {
    return "echo:7";
  }
}
