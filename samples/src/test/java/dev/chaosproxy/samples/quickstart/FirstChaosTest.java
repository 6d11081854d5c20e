package dev.chaosproxy.samples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@ChaosProxy(name = "echo", upstream = "127.0.0.1:${echo.port}")  // a fresh proxy for each test
class FirstChaosTest {
  static ServerSocket server;

  @BeforeAll
  static void startEchoServer() throws IOException {             // the upstream: echoes what it reads
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    System.setProperty("echo.port", String.valueOf(server.getLocalPort()));
    daemon(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          daemon(() -> echo(s));
        } catch (IOException closed) {
          return;
        }
      }
    });
  }

  @AfterAll
  static void stopEchoServer() throws IOException {
    server.close();
  }

  @Test
  void echoesThroughTheProxy(ProxyControl echo) throws IOException {
    try (Socket client = new Socket(echo.host(), echo.port())) {   // the client talks to the proxy
      assertEquals("hello", roundTrip(client, "hello"));
    }
  }

  @Test
  void aSlowAnswerTimesOut(ProxyControl echo) throws IOException {
    echo.downstream().delay(Duration.ofSeconds(2));                 // every answer 2 s late
    try (Socket client = new Socket(echo.host(), echo.port())) {
      client.setSoTimeout(500);                                      // the client waits 500 ms at most
      assertThrows(SocketTimeoutException.class, () -> roundTrip(client, "hello"));
    }
  }

  static String roundTrip(Socket client, String line) throws IOException {
    client.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    return new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  static void echo(Socket s) {
    try (s) {
      s.getInputStream().transferTo(s.getOutputStream());
    } catch (IOException e) {
      // the client went away
    }
  }

  static void daemon(Runnable task) {
    Thread t = new Thread(task);
    t.setDaemon(true);
    t.start();
  }
}
