package dev.chaosproxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;

/** Round-trip measurements over an echo connection. */
public final class Timing {
  private Timing() {}

  /** One byte out, one byte back; the time it took. */
  public static Duration roundTrip(Socket echoClient) throws IOException {
    OutputStream out = echoClient.getOutputStream();
    InputStream in = echoClient.getInputStream();
    long start = System.nanoTime();
    out.write(42);
    out.flush();
    if (in.read() != 42) throw new AssertionError("the echo did not come back");
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The median of {@code n} round trips, in milliseconds. */
  public static double medianRoundTripMillis(Socket echoClient, int n) throws IOException {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) ms[i] = roundTrip(echoClient).toNanos() / 1e6;
    Arrays.sort(ms);
    return ms[n / 2];
  }

  public static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
