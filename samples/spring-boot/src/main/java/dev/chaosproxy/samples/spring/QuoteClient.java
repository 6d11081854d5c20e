package dev.chaosproxy.samples.spring;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The quote service's client: Boot's {@link RestClient.Builder} (so {@code spring.http.clients.*}
 * sets its timeouts) on {@code quotes.base-url}, and a retry on I/O errors (refused, reset, timed out).
 */
@Component
public class QuoteClient {
  private final RestClient rest;
  private final RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
      .includes(ResourceAccessException.class)        // I/O errors only: an HTTP 4xx/5xx is an answer
      .maxRetries(20)
      .delay(Duration.ofMillis(50))
      .build());
  private final AtomicInteger attempts = new AtomicInteger();

  public QuoteClient(RestClient.Builder builder, @Value("${quotes.base-url}") String baseUrl) {
    this.rest = builder.baseUrl(baseUrl).build();
  }

  /** One call: a {@link ResourceAccessException} when the service cannot be reached in time. */
  public String quote() {
    attempts.incrementAndGet();
    return rest.get().uri("/quote").retrieve().body(String.class);
  }

  /** {@link #quote()}, tried again on I/O errors, up to 20 times, 50 ms apart. */
  public String quoteWithRetry() {
    return retry.invoke(this::quote);
  }

  /** How many calls went out. */
  public int attempts() {
    return attempts.get();
  }
}
