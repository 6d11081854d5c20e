package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.internal.loop.EventLoop;
import dev.chaosproxy.internal.loop.IoHandler;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An Error on an event loop: its connections are reset, the loop goes on, the hook is told. */
class LoopFailureTest {
  private final ChaosEngine engine = ChaosEngine.builder().eventLoops(1).build();
  private final TestServer echo = TestServer.echo();
  private final ProxyControl proxy = engine.newProxy("echo").upstream(echo.address()).start();
  private final List<Throwable> told = new CopyOnWriteArrayList<>();
  private final EventLoop loop = Engines.core(engine).loops().all().get(0);

  @AfterEach
  void close() {
    engine.close();
    echo.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"task", "timer", "handler"})
  void anOutOfMemoryErrorResetsTheLoopsConnectionsAndTheLoopGoesOn(String where) throws Exception {
    Engines.core(engine).onLoopError(told::add);
    proxy.downstream().delay(Duration.ofMillis(50)); // something held, on a timer
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket s = Sockets.connect(proxy);
      s.setSoTimeout(10_000);
      roundTrip(s, "before " + i);
      clients.add(s);
    }
    proxy.awaitConnections(3, Duration.ofSeconds(5));

    inject(where, new OutOfMemoryError("injected for the test"));

    await("the hook is told").until(() -> !told.isEmpty());
    assertThat(told.get(0))
        .isInstanceOf(OutOfMemoryError.class)
        .hasMessage("injected for the test");
    for (Socket s : clients) {
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 100; i++) {
                  s.getOutputStream().write(1);
                  if (s.getInputStream().read() < 0) return; // a FIN: not what we want
                }
              })
          .as("the connection was reset")
          .isInstanceOf(SocketException.class);
      s.close();
    }
    await("the reset connections leave the registry")
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(proxy.connections()).isEmpty());
    try (Socket again = Sockets.connect(proxy)) {
      again.setSoTimeout(10_000);
      roundTrip(again, "after");
    }
  }

  @Test
  void anExceptionInATaskIsOnlyLogged() throws Exception {
    Engines.core(engine).onLoopError(told::add);
    try (Socket s = Sockets.connect(proxy)) {
      s.setSoTimeout(10_000);
      roundTrip(s, "before");
      loop.execute(
          () -> {
            throw new IllegalStateException("injected for the test");
          });
      loop.call(() -> null); // after the task
      roundTrip(s, "after");
    }
    assertThat(told).isEmpty();
  }

  /** Throws {@code error} on the loop from a task, a timer, or a selection-key handler. */
  private void inject(String where, Error error) throws IOException {
    switch (where) {
      case "task":
        loop.execute(
            () -> {
              throw error;
            });
        break;
      case "timer":
        loop.execute(
            () ->
                loop.schedule(
                    loop.nanoTime() + 5_000_000,
                    () -> {
                      throw error;
                    }));
        break;
      default:
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        loop.call(
            () ->
                pipe.source()
                    .register(
                        loop.selector(),
                        SelectionKey.OP_READ,
                        new IoHandler() {
                          @Override
                          public void ready(SelectionKey key, int readyOps) {
                            key.cancel();
                            throw error;
                          }

                          @Override
                          public void failed(Throwable e) {}
                        }));
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
    }
  }

  private static void roundTrip(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes());
    byte[] back = s.getInputStream().readNBytes(text.length());
    assertThat(new String(back)).isEqualTo(text);
  }
}
