package dev.chaosproxy.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * How long does a download take over a thin link, and does it arrive whole? Downloads are capped
 * at 200 KiB/s: 200 KiB take about a second (a client with a 500 ms read timeout does not mind:
 * bytes keep coming) and arrive intact, while quotes on the same proxy answer at full speed.
 */
@LocalShop
@ChaosProxy(name = "api", upstream = "${shop.host}:${shop.port}", protocol = Protocol.HTTP)
class ThrottleBodyTest {
  static final int SIZE = 200 * 1024;

  final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(500)).build();

  byte[] get(ProxyControl api, String path) throws IOException {
    Request request = new Request.Builder().url("http://" + api.host() + ":" + api.port() + path).build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return response.body().bytes();
    }
  }

  @Test
  void aDownloadTakesItsRateTime(ProxyControl api) throws IOException {
    api.http().on("GET", "/files/**").throttleBody(DataSize.ofKiB(200));

    long start = System.nanoTime();
    assertThat(get(api, "/files/" + SIZE)).isEqualTo(Shop.file(SIZE));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(800), Duration.ofMillis(2_500));

    long quote = System.nanoTime();
    assertThat(get(api, "/quotes/1")).isNotEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - quote)).isLessThan(Duration.ofMillis(300));
  }
}
