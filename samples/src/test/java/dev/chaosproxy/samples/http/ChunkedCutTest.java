package dev.chaosproxy.samples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * What does my client make of a chunked download cut in the middle of a chunk? The shop streams
 * 10,000 bytes in chunks of 1,000; the proxy passes the head and 1,500 bytes of content (half of
 * the second chunk), then resets the connection: OkHttp fails with an IOException instead of
 * returning a short body as if it were whole, and what it read before the cut is exactly the first
 * 1,500 bytes. The JDK's HttpClient reports a reset as soon as it sees it, dropping body bytes it
 * had received but not yet handed over (0 to 1,500 of them, from run to run); cut with a FIN
 * instead ({@code closeAfterBody}), it too fails, after the first 1,500 bytes, or after the whole
 * first chunk (1,000) when the cut chunk's part came in the same read as the close.
 */
@LocalShop
@ChaosProxy(name = "api", upstream = "${shop.host}:${shop.port}", protocol = Protocol.HTTP)
class ChunkedCutTest {
  static final int SIZE = 10_000;
  static final int CUT = 1_500;

  @Test
  void okHttpFailsMidChunk(ProxyControl api) throws IOException {
    api.http().on("GET", "/stream/**").abortAfterBody(DataSize.ofBytes(CUT));
    OkHttpClient client = new OkHttpClient();
    Request request = new Request.Builder().url("http://" + api.host() + ":" + api.port() + "/stream/" + SIZE).build();

    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
      IOException e = assertThrows(IOException.class, () -> copy(response.body().byteStream(), got));
      assertThat(e).hasMessageMatching("(?i).*(unexpected end of stream|connection reset).*");
    }
    assertThat(got.size()).isEqualTo(CUT);
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(Shop.file(SIZE), CUT));
    assertThat(api.events()).extracting(ChaosEvent::request).containsExactly("GET /stream/" + SIZE + " #1");
  }

  @Test
  void theJdkClientFailsOnAFinMidChunk(ProxyControl api) throws Exception {
    api.http().on("GET", "/stream/**").closeAfterBody(DataSize.ofBytes(CUT));      // a FIN, not a reset: see the class comment
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + api.host() + ":" + api.port() + "/stream/" + SIZE))
        .timeout(Duration.ofSeconds(5))
        .build();

    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream body = response.body()) {
      assertThrows(IOException.class, () -> copy(body, got));
    }
    // a FIN is not the end of a chunked body; the JDK client hands over the cut chunk's first 500
    // bytes only when they came in a read before the close (else just the whole first chunk)
    assertThat(got.size()).isIn(1000, CUT);
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(Shop.file(SIZE), got.size()));
  }

  static void copy(InputStream in, ByteArrayOutputStream out) throws IOException {
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) != -1; ) out.write(buffer, 0, n);
  }
}
