package dev.chaosproxy.samples.spring;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

/**
 * A Spring Boot application whose RestClient reaches its quote service through a chaos proxy:
 * {@code @DynamicPropertySource} points {@code quotes.base-url} at the proxy, which one
 * {@code @BeforeAll} bound to the real service. The proxy lives as long as the class, as the
 * Spring context does; after each test it is back to no chaos. It is an HTTP proxy, so that
 * besides TCP faults it can answer a request itself (a 503: an answer, not retried) or lose one
 * answer (a reset where the response would begin: an I/O error, retried).
 */
@SpringBootTest(properties = "spring.http.clients.read-timeout=500ms")
@ChaosProxy(name = "quotes", lifecycle = PER_CLASS, protocol = Protocol.HTTP)   // HTTP: TCP faults and HTTP faults
class QuoteClientChaosTest {
  static HttpServer service;
  static ProxyControl quotes;

  @Autowired
  QuoteClient client;

  @BeforeAll
  static void startTheServiceBehindTheProxy(ProxyControl proxy) throws IOException {
    service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.createContext("/quote", exchange -> {
      byte[] body = "Everything fails, all the time.".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    service.start();
    quotes = proxy.retarget("127.0.0.1:" + service.getAddress().getPort());
  }

  @DynamicPropertySource
  static void quotesThroughTheProxy(DynamicPropertyRegistry registry) {
    registry.add("quotes.base-url", () -> "http://" + quotes.host() + ":" + quotes.port());
  }

  @AfterAll
  static void stopTheService() {
    service.stop(0);
  }

  @Test
  void aSlowServiceTimesOut() {
    assertThat(client.quote()).startsWith("Everything fails");
    quotes.downstream().delay(Duration.ofSeconds(3));                       // every answer 3 s late
    long start = System.nanoTime();
    assertThatThrownBy(client::quote).isInstanceOf(ResourceAccessException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2)); // the 500 ms read timeout
  }

  @Test
  void theRetryOutlastsAnOutage() throws Exception {
    quotes.down();                                                          // connections refused
    int before = client.attempts();
    CompletableFuture<String> call = CompletableFuture.supplyAsync(client::quoteWithRetry);
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
        .until(() -> client.attempts() >= before + 3);                     // three attempts begun
    quotes.up();
    assertThat(call.get(5, TimeUnit.SECONDS)).startsWith("Everything fails");
    // At least the three begun while it was down; the third may have begun just before up().
    assertThat(client.attempts() - before).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aServiceErrorIsAnAnswerAndNotRetried() {
    quotes.http().on("GET", "/quote").respond(503, "maintenance");              // the proxy answers, the service never hears
    int before = client.attempts();
    assertThatThrownBy(client::quoteWithRetry).isInstanceOf(HttpServerErrorException.ServiceUnavailable.class);
    assertThat(client.attempts() - before).isEqualTo(1);                    // the retry is for I/O errors only
  }

  @Test
  void theRetryRecoversWhenAnswersAreLost() {
    quotes.http().on("GET", "/quote").first(2).abortBeforeResponse();       // the service answers, the proxy resets instead
    int before = client.attempts();
    int eventsBefore = quotes.events().size();                              // the class's proxy keeps earlier tests' events
    assertThat(client.quoteWithRetry()).startsWith("Everything fails");
    // Two lost answers, two attempts: the JDK HttpClient beneath the RestClient (Boot's default with
    // no other client on the classpath) resent the first GET once on its own.
    assertThat(client.attempts() - before).isEqualTo(2);
    List<ChaosEvent> lost = quotes.events().subList(eventsBefore, quotes.events().size());
    assertThat(lost).extracting(ChaosEvent::request).hasSize(2).allMatch(r -> r.startsWith("GET /quote #"));
  }
}
