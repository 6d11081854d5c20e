package dev.chaosproxy.samples.http;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Does my client honour {@code Retry-After}? The first two quotes get a 503 with {@code
 * Retry-After: 1} from the proxy (the shop never sees them); an OkHttp interceptor waits as told
 * and the third attempt gets the quote.
 */
@LocalShop
@ChaosProxy(name = "api", upstream = "${shop.host}:${shop.port}", protocol = Protocol.HTTP)
class RetryAfterTest {

  /** Retries a 503 or 429 that says {@code Retry-After: SECONDS}, up to {@code maxAttempts}, waiting as long as it says. */
  static final class RetryAfterInterceptor implements Interceptor {
    final int maxAttempts;
    final List<Long> attemptNanos = new CopyOnWriteArrayList<>();

    RetryAfterInterceptor(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      for (int attempt = 1; ; attempt++) {
        attemptNanos.add(System.nanoTime());
        Response response = chain.proceed(chain.request());
        String retryAfter = response.header("Retry-After");
        boolean busy = response.code() == 503 || response.code() == 429;
        if (!busy || retryAfter == null || attempt == maxAttempts) return response;
        response.close();
        try {
          Thread.sleep(ofSeconds(Long.parseLong(retryAfter.strip())).toMillis()); // the server's wish, not a synchronization
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting out Retry-After");
        }
      }
    }
  }

  @Test
  void theThirdAttemptGetsTheQuote(ProxyControl api, Shop shop) throws IOException {
    api.http().on("GET", "/quotes/**").first(2).respondRetryAfter(503, ofSeconds(1));
    RetryAfterInterceptor retries = new RetryAfterInterceptor(5);
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(retries).build();

    Request request = new Request.Builder().url("http://" + api.host() + ":" + api.port() + "/quotes/7").build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).contains("\"id\":\"7\"");
    }

    List<Long> at = retries.attemptNanos;
    assertThat(at).hasSize(3);                                                 // 503, 503, 200
    for (int i = 1; i < at.size(); i++) {
      assertThat(Duration.ofNanos(at.get(i) - at.get(i - 1))).isBetween(Duration.ofMillis(950), ofSeconds(3)); // waited as told
    }
    assertThat(shop.hits("GET /quotes/7")).isEqualTo(1);                      // the 503s were the proxy's own
    assertThat(api.events()).extracting(ChaosEvent::request)
        .containsExactly("GET /quotes/7 #1", "GET /quotes/7 #2");             // two requests on one kept-alive connection
    assertThat(api.metrics().http().statuses()).containsEntry(503, 2L).containsEntry(200, 1L);
  }
}
