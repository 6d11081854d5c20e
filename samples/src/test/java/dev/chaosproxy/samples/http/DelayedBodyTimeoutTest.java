package dev.chaosproxy.samples.http;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Does my client give up on a body that stops coming? The status and headers arrive at once, then
 * the first KiB of the body, then nothing for 5 s: OkHttp's 500 ms read timeout fires while the
 * body is being read, not when the call returns. Without the fault the same call reads it all.
 */
@LocalShop
@ChaosProxy(name = "api", upstream = "${shop.host}:${shop.port}", protocol = Protocol.HTTP)
class DelayedBodyTimeoutTest {
  static final int SIZE = 64 * 1024;

  final OkHttpClient client = new OkHttpClient.Builder()
      .readTimeout(Duration.ofMillis(500))                        // the longest wait for the next bytes
      .build();

  @Test
  void theReadTimeoutFiresMidBody(ProxyControl api) throws IOException {
    api.http().on("GET", "/files/**").delayBody(DataSize.ofKiB(1), ofSeconds(5));
    Request request = new Request.Builder().url("http://" + api.host() + ":" + api.port() + "/files/" + SIZE).build();

    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (Response response = client.newCall(request).execute()) {   // returns: the head came in time
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(SIZE));
      long start = System.nanoTime();
      assertThrows(SocketTimeoutException.class, () -> copy(response.body().byteStream(), got));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(450), ofSeconds(2));
    }
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(Shop.file(SIZE), 1024));   // the first KiB, then the wait

    api.clear();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().bytes()).isEqualTo(Shop.file(SIZE));               // the same call, without the fault
    }
  }

  static void copy(InputStream in, ByteArrayOutputStream out) throws IOException {
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) != -1; ) out.write(buffer, 0, n);
  }
}
