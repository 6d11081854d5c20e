package dev.chaosproxy.testcontainers;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Run inside the chaos-proxy image by {@link NetworkTest}: resolves a network alias with the
 * image's JVM and libraries, sends Redis a PING and prints the reply.
 */
final class AliasProbe {
  private AliasProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) throw new IllegalArgumentException("usage: AliasProbe HOST PORT");
    InetAddress address = InetAddress.getByName(args[0]);
    try (Socket socket = new Socket(address, Integer.parseInt(args[1]))) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder reply = new StringBuilder();
      for (int b; (b = in.read()) != '\n' && b >= 0; ) if (b != '\r') reply.append((char) b);
      System.out.println(args[0] + " is " + address.getHostAddress() + ", answered " + reply);
    }
  }
}
