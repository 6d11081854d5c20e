package dev.chaosproxy.internal.relay;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.Direction;
import dev.chaosproxy.FakeClock;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.internal.ProxyHandle;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A connection's loop-only methods refuse other threads, and leave it as it was. */
class ConnectionConfinementTest {
  private final FakeClock clock = new FakeClock();
  private final TestServer echo = TestServer.echo();
  private final ProxyControl proxy = clock.engine.newProxy("svc").upstream(echo.address()).start();

  @AfterEach
  void close() {
    clock.close();
    echo.close();
  }

  @Test
  void loopOnlyMethodsThrowOffTheLoopNamingMethodLoopAndThread() throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      Timing.roundTrip(client);
      await("the connection is listed").until(() -> proxy.connections().size() == 1);
      Connection c =
          ((ProxyHandle) proxy).local().connection(proxy.connections().get(0).id()).connection();
      String thread = Thread.currentThread().getName();
      assertRefused("Connection.reconcile", thread, c::reconcile);
      assertRefused("Connection.ownToxics", thread, c::ownToxics);
      assertRefused("Connection.setOwnToxics", thread, () -> c.setOwnToxics(List.of()));
      assertRefused(
          "Connection.inject", thread, () -> c.inject(Direction.DOWNSTREAM, new byte[] {1}));
      assertRefused("Connection.finish", thread, () -> c.abort("from the wrong thread"));
      assertRefused("Connection.start", thread, c::start);
      // Refused before any change: the connection goes on as before.
      assertThat(c.isOpen()).isTrue();
      Timing.roundTrip(client);
    }
  }

  private static void assertRefused(String method, String thread, Executable call) {
    assertThatThrownBy(call::execute)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(method + " must run on event loop chaos-proxy-")
        .hasMessageEndingWith(", not on thread " + thread);
  }
}
