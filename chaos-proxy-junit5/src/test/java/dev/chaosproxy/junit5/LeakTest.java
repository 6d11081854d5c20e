package dev.chaosproxy.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chaosproxy.junit5.testing.EchoServer;
import dev.chaosproxy.junit5.testing.Kit;
import dev.chaosproxy.junit5.testing.Net;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * After a run (passing, failing, parallel, misused), no proxy, socket, thread or property is left.
 */
class LeakTest {
  static EchoServer echo;

  @BeforeAll
  static void startEcho() {
    echo = EchoServer.start();
  }

  @AfterAll
  static void stopEcho() {
    echo.close();
  }

  /**
   * This process's TCP sockets (what proxies open), as "local->remote state" from /proc/net/tcp.
   */
  private static List<String> tcpSockets() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      fds.forEach(
          fd -> {
            try {
              String l = Files.readSymbolicLink(fd).toString();
              if (l.startsWith("socket:[")) inodes.add(l.substring(8, l.length() - 1));
            } catch (IOException gone) {
              // closed meanwhile
            }
          });
    }
    List<String> out = new ArrayList<>();
    for (String file : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      for (String line : Files.readAllLines(Path.of(file))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && inodes.contains(f[9])) {
          out.add(port(f[1]) + "->" + port(f[2]) + " state " + f[3]);
        }
      }
    }
    return out;
  }

  private static int port(String hexAddress) {
    return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
  }

  @Test
  void aRunLeavesNothingBehind() throws Exception {
    assumeTrue(
        Files.isDirectory(Path.of("/proc/self/fd")) && Files.exists(Path.of("/proc/net/tcp")),
        "counting sockets needs Linux /proc");
    Set<String> threadsBefore = Kit.threads("chaos-proxy-");
    List<String> socketsBefore = tcpSockets();
    Set<String> propertiesBefore = System.getProperties().stringPropertyNames();

    Map<String, String> config = new HashMap<>(Kit.parallel(4));
    config.put("echo.address", echo.address());
    config.put("echo.port", Integer.toString(echo.port()));
    LifecycleTest.echo = echo;
    InjectionTest.echo = echo;
    ParallelTest.echo = echo;
    for (int round = 0; round < 3; round++) {
      Kit.run(
          config,
          LifecycleTest.PerMethod.class,
          LifecycleTest.PerClass.class,
          LifecycleTest.Failing.class,
          InjectionTest.Several.class,
          InjectionTest.Ambiguous.class,
          StructureTest.Outer.class,
          StructureTest.Templates.class,
          MisuseTest.SameNameOnClassAndMethod.class,
          MisuseTest.UnknownPlaceholder.class,
          SystemPropertiesTest.Published.class,
          ParallelTest.SharedProxy.class,
          UpstreamTest.BoundByTheTest.class);
      // The engine's close waits for its loops to finish; a thread may take a moment more to die.
      Awaitility.await("the run's event-loop threads to end")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> Kit.threads("chaos-proxy-"), threadsBefore::containsAll);
    }
    Awaitility.await("the proxies' sockets to close")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(LeakTest::tcpSockets, socketsBefore::containsAll);
    assertThat(System.getProperties().stringPropertyNames())
        .as("system properties")
        .isEqualTo(propertiesBefore);
    assertThat(LifecycleTest.ports)
        .allSatisfy(p -> assertThat(Net.listening(p)).as("port %d", p).isFalse());
  }
}
