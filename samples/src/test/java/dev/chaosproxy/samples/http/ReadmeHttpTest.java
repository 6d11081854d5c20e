package dev.chaosproxy.samples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * README's HTTP-fault example, line for line ({@code ReadmeExamplesTest} checks), against the shop:
 * each line makes its toxic and the routes act as README says.
 */
@LocalShop
class ReadmeHttpTest {

  @Test
  void readmesHttpFaultsDoWhatTheySay(Shop shop) throws Exception {
    String search = shop.host() + ":" + shop.port();
    try (ChaosEngine engine = ChaosEngine.builder().seed(1).build()) {
      ProxyControl api = engine.newProxy("api").http().upstream(search).start();  // search: "localhost:9200"
      // or @ChaosProxy(name = "api", upstream = "localhost:${search.port}", protocol = Protocol.HTTP)

      api.http().on("GET", "/search/**").fraction(0.2).respond(503);              // 20 % of searches
      api.http().on("POST", "/pay").first(2).abortAfterHeaders();                 // the first 2 payments
      api.http().on("/quotes/*").respondRetryAfter(429, Duration.ofSeconds(1));   // any method
      api.http().any().header("X-Tenant", "blue").delayResponse(Duration.ofMillis(800));
      api.http().on("GET", "/report").delayBody(DataSize.ofKiB(1), Duration.ofSeconds(5));
      api.http().on("GET", "/download/**").throttleBody(DataSize.ofKB(50));

      assertThat(api.toxics())
          .extracting(Toxic::name)
          .containsExactly("http_respond", "http_abort", "http_respond_2", "http_delay", "http_delay_2", "http_throttle");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://" + api.host() + ":" + api.port();
      HttpResponse<String> quote = client.send(HttpRequest.newBuilder(URI.create(base + "/quotes/7")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(quote.statusCode()).isEqualTo(429);
      assertThat(quote.headers().firstValue("Retry-After")).hasValue("1");
      long t0 = System.nanoTime();
      HttpResponse<String> blue = client.send(
          HttpRequest.newBuilder(URI.create(base + "/headers")).header("X-Tenant", "blue").build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(blue.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(750));
      assertThatThrownBy(() -> client.send(
              HttpRequest.newBuilder(URI.create(base + "/pay")).POST(HttpRequest.BodyPublishers.ofString("10")).build(),
              HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class); // the shop answers 404 for /pay, but only its head passes
      assertThat(api.metrics().http().faults()).containsEntry("http_respond", 1L).containsEntry("http_abort", 1L);
    }
  }
}
