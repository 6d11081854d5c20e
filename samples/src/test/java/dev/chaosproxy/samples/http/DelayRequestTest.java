package dev.chaosproxy.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What does the server see when a request is held on its way? The proxy holds each payment 800 ms
 * before forwarding it: the shop's handler starts 800 ms after the JDK client sent it, with the
 * body intact, and the answer comes straight back. Quotes on the same proxy are not held.
 */
@LocalShop
@ChaosProxy(name = "api", upstream = "${shop.host}:${shop.port}", protocol = Protocol.HTTP)
class DelayRequestTest {
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void theServerGetsTheRequestLate(ProxyControl api, Shop shop) throws Exception {
    api.http().on("POST", "/payments").delayRequest(Duration.ofMillis(800));
    URI base = URI.create("http://" + api.host() + ":" + api.port());

    long sent = System.nanoTime();
    HttpResponse<String> paid = client.send(HttpRequest.newBuilder(base.resolve("/payments"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":10}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    long answered = System.nanoTime();
    assertThat(paid.statusCode()).isEqualTo(201);

    long arrived = shop.arrivals().get(0).nanoTime();
    assertThat(Duration.ofNanos(arrived - sent)).isBetween(Duration.ofMillis(780), Duration.ofMillis(2_500));  // held at the proxy
    assertThat(Duration.ofNanos(answered - arrived)).isLessThan(Duration.ofMillis(500));                      // the answer was not
    assertThat(shop.payments()).containsExactly("{\"amount\":10}");

    long quoteSent = System.nanoTime();
    client.send(HttpRequest.newBuilder(base.resolve("/quotes/1")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(Duration.ofNanos(shop.arrivals().get(1).nanoTime() - quoteSent)).isLessThan(Duration.ofMillis(500));
  }
}
