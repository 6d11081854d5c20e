package dev.chaosproxy.samples.http;

import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.CLOSED_TO_OPEN;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.HALF_OPEN_TO_CLOSED;
import static io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition.OPEN_TO_HALF_OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxyExtension;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Does my circuit breaker open when half the calls fail, and close again when they stop? A
 * Resilience4j breaker over the last 10 calls opens at 50 % failures; the proxy answers half of
 * the quote requests with a 500. Once the fault is gone the breaker, half-open after 200 ms, lets
 * three trial calls through and closes. The proxy's seed fixes which requests get the 500, so the
 * breaker opens at the same call in every run.
 */
@LocalShop
class CircuitBreakerTest {
  @RegisterExtension
  static ChaosProxyExtension chaos = ChaosProxyExtension.builder()
      .proxy("api", p -> p.upstream("${shop.host}:${shop.port}").http().seed(15))  // the same 500s in every run
      .build();

  /** A 5xx, as the breaker should count it. */
  static final class ServerError extends IOException {
    ServerError(int code) {
      super("HTTP " + code);
    }
  }

  final OkHttpClient client = new OkHttpClient();
  final CircuitBreaker breaker = CircuitBreaker.of("quotes", CircuitBreakerConfig.custom()
      .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
      .slidingWindowSize(10)
      .minimumNumberOfCalls(10)
      .failureRateThreshold(50)                                   // open at 5 failures of the last 10
      .waitDurationInOpenState(Duration.ofMillis(200))
      .automaticTransitionFromOpenToHalfOpenEnabled(true)         // half-open on its own, without a call
      .permittedNumberOfCallsInHalfOpenState(3)
      .build());

  String quote(ProxyControl api, int id) throws IOException {
    Request request = new Request.Builder().url("http://" + api.host() + ":" + api.port() + "/quotes/" + id).build();
    try (Response response = client.newCall(request).execute()) {
      if (response.code() >= 500) throw new ServerError(response.code());
      return response.body().string();
    }
  }

  @Test
  void opensUnderHalfFailuresAndClosesWhenTheyStop(ProxyControl api, Shop shop) throws Throwable {
    List<CircuitBreaker.StateTransition> transitions = new CopyOnWriteArrayList<>();
    breaker.getEventPublisher().onStateTransition(e -> transitions.add(e.getStateTransition()));
    api.http().on("GET", "/quotes/**").fraction(0.5).respond(500);

    StringBuilder outcomes = new StringBuilder();                 // '.' a quote, 'X' a 500
    for (int id = 1; breaker.getState() == CircuitBreaker.State.CLOSED && id <= 100; id++) {
      int quoteId = id;
      try {
        breaker.executeCheckedSupplier(() -> quote(api, quoteId));
        outcomes.append('.');
      } catch (ServerError e) {
        outcomes.append('X');
      }
    }
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(outcomes).hasToString(".X.XXXX...");                   // seed 15: these 500s, in every run
    assertThat(breaker.getMetrics().getFailureRate()).isGreaterThanOrEqualTo(50f);

    long before = shop.arrivals().size();
    assertThatThrownBy(() -> breaker.executeCheckedSupplier(() -> quote(api, 0)))
        .isInstanceOf(CallNotPermittedException.class);           // open: the call is not even made
    assertThat(shop.arrivals()).hasSize((int) before);

    api.clear();                                                  // the 500s stop
    await().atMost(Duration.ofSeconds(3)).until(() -> breaker.getState() == CircuitBreaker.State.HALF_OPEN);
    for (int trial = 0; trial < 3; trial++) {
      assertThat(breaker.executeCheckedSupplier(() -> quote(api, 42))).contains("Everything fails");
    }
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(transitions).containsExactly(CLOSED_TO_OPEN, OPEN_TO_HALF_OPEN, HALF_OPEN_TO_CLOSED);
    assertThat(api.metrics().http().statuses().get(500)).isEqualTo(outcomes.chars().filter(c -> c == 'X').count());
  }
}
