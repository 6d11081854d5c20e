package dev.chaosproxy.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server for tests, one thread per connection, running a {@link Behaviour} on each
 * accepted socket. Records failures of behaviours; closing it closes every socket it made.
 */
public final class TestServer implements AutoCloseable {
  /** What the server does with one accepted connection. */
  @FunctionalInterface
  public interface Behaviour {
    void serve(Socket socket) throws Exception;
  }

  private final ServerSocket server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "test-server");
            t.setDaemon(true);
            return t;
          });
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  private TestServer(Behaviour behaviour) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    threads.execute(
        () -> {
          while (!server.isClosed()) {
            Socket s;
            try {
              s = server.accept();
            } catch (IOException e) {
              return;
            }
            sockets.add(s);
            accepted.add(s);
            threads.execute(
                () -> {
                  try {
                    behaviour.serve(s);
                  } catch (Throwable t) {
                    failures.add(t);
                  } finally {
                    try {
                      s.close();
                    } catch (IOException ignored) {
                      // done
                    }
                  }
                });
          }
        });
  }

  public static TestServer start(Behaviour behaviour) {
    try {
      return new TestServer(behaviour);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Echoes every byte until the client closes, then closes. */
  public static TestServer echo() {
    return start(
        s -> {
          s.setTcpNoDelay(true);
          s.getInputStream().transferTo(s.getOutputStream());
          s.shutdownOutput();
        });
  }

  public int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:port}. */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /** The next socket accepted, waiting up to 5 s. */
  public Socket nextAccepted() throws InterruptedException {
    Socket s = accepted.poll(5, TimeUnit.SECONDS);
    if (s == null) throw new AssertionError("the test server accepted no connection within 5 s");
    return s;
  }

  public List<Throwable> failures() {
    return failures;
  }

  public int acceptedCount() {
    return sockets.size();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
