package dev.chaosproxy.samples;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A tour in one run: an echo server, a chaos proxy in front of it, and a client that sees each
 * fault. {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl samples exec:java}
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    try (ServerSocket echo = startEchoServer(); ChaosEngine engine = ChaosEngine.start()) {
      ProxyControl proxy = engine.newProxy("echo").upstream("127.0.0.1:" + echo.getLocalPort()).start();
      System.out.printf("chaos-proxy demo: client -> %s:%d -> echo server 127.0.0.1:%d (seed %d)%n%n",
          proxy.host(), proxy.port(), echo.getLocalPort(), proxy.seed());

      try (Socket client = connect(proxy)) {
        System.out.printf("%-44s round trip %6.1f ms%n", "no chaos", roundTripMillis(client));
        proxy.downstream().delay(Duration.ofMillis(100));
        System.out.printf("%-44s round trip %6.1f ms%n", "downstream().delay(100 ms)", roundTripMillis(client));
        proxy.delay(Duration.ofMillis(100), Duration.ofMillis(20));
        System.out.printf("%-44s round trip %6.1f ms%n", "delay(100 ms ± 20 ms), both directions", roundTripMillis(client));
        proxy.reset();
        proxy.downstream().throttle(DataSize.ofKiB(64));
        System.out.printf("%-44s 32 KiB echoed in %6.1f ms%n", "downstream().throttle(64 KiB/s)", echoMillis(client, 32 * 1024));
        proxy.reset();
        proxy.downstream().limitData(DataSize.ofBytes(10));
        System.out.printf("%-44s %s%n", "downstream().limitData(10 B)", outcome(client, 100));
      }
      proxy.reset();
      try (Socket client = connect(proxy)) {
        proxy.downstream().resetPeer(Duration.ZERO);
        System.out.printf("%-44s %s%n", "downstream().resetPeer(0)", outcome(client, 5));
      }
      proxy.reset();
      try (Socket client = connect(proxy)) {
        client.setSoTimeout(500);
        proxy.blackhole();
        System.out.printf("%-44s %s%n", "blackhole(), client read timeout 500 ms", outcome(client, 5));
      }
      proxy.reset();
      System.out.printf("%n%s%n%n", proxy.metrics());
      httpTour(engine);
    }
  }

  /** The HTTP faults: an HTTP proxy in front of the JDK's HTTP server, the JDK's client. */
  private static void httpTour(ChaosEngine engine) throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", x -> {
      byte[] body = ("hello from " + x.getRequestURI().getPath()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      ProxyControl api = engine.newProxy("api").http().upstream("127.0.0.1:" + server.getAddress().getPort()).start();
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      System.out.printf("HTTP: client -> %s:%d (HTTP proxy) -> JDK HttpServer :%d%n%n", api.host(), api.port(), server.getAddress().getPort());
      System.out.printf("%-56s %s%n", "no chaos: GET /search", call(client, api, "/search"));
      api.http().on("GET", "/search/**").first(1).respond(503, java.util.Map.of("Retry-After", "1"), "busy");
      System.out.printf("%-56s %s%n", "http().on(GET, /search/**).first(1).respond(503)", call(client, api, "/search"));
      System.out.printf("%-56s %s%n", "  the next one", call(client, api, "/search"));
      api.http().on("/slow").delayResponse(Duration.ofMillis(300));
      long t0 = System.nanoTime();
      String slow = call(client, api, "/slow");
      System.out.printf("%-56s %s in %d ms%n", "http().on(/slow).delayResponse(300 ms)", slow, (System.nanoTime() - t0) / 1_000_000);
      api.http().on("POST", "/pay").abortBeforeResponse();
      System.out.printf("%-56s %s%n", "http().on(POST, /pay).abortBeforeResponse()", post(client, api, "/pay"));
      System.out.printf("%n%s%n", api.metrics().http());
      for (dev.chaosproxy.ChaosEvent e : api.events()) System.out.println(e);
    } finally {
      server.stop(0);
    }
  }

  private static String call(java.net.http.HttpClient client, ProxyControl api, String path) throws Exception {
    java.net.http.HttpResponse<String> r = client.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + api.host() + ":" + api.port() + path)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " \"" + r.body() + "\"";
  }

  private static String post(java.net.http.HttpClient client, ProxyControl api, String path) throws Exception {
    try {
      java.net.http.HttpResponse<String> r = client.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + api.host() + ":" + api.port() + path))
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("amount=10")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " \"" + r.body() + "\"";
    } catch (IOException e) {
      return "the client got " + e.getClass().getSimpleName() + " (the server did get the request)";
    }
  }

  private static ServerSocket startEchoServer() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread t = new Thread(() -> {
            try (s) {
              s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException ignored) {
              // the client went away
            }
          });
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  private static Socket connect(ProxyControl proxy) throws IOException {
    Socket s = new Socket(proxy.host(), proxy.port());
    s.setTcpNoDelay(true);
    s.setSoTimeout(10_000);
    return s;
  }

  private static double roundTripMillis(Socket client) throws IOException {
    return echoMillis(client, 1);
  }

  private static double echoMillis(Socket client, int size) throws IOException {
    long start = System.nanoTime();
    client.getOutputStream().write(new byte[size]);
    client.getInputStream().readNBytes(size);
    return (System.nanoTime() - start) / 1e6;
  }

  /** Sends {@code size} bytes and says what came back. */
  private static String outcome(Socket client, int size) throws IOException {
    OutputStream out = client.getOutputStream();
    InputStream in = client.getInputStream();
    out.write(new byte[size]);
    int got = 0;
    try {
      while (in.read() >= 0) got++;
      return "got " + got + " of " + size + " bytes, then the connection closed";
    } catch (SocketTimeoutException e) {
      return "got " + got + " bytes, then nothing: the read timed out";
    } catch (SocketException e) {
      return "got " + got + " bytes, then: " + e.getMessage();
    }
  }
}
