package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.chaos.toxics.HttpToxic;
import dev.chaosproxy.internal.http.HttpMatch;

/**
 * An HTTP toxic at work on one connection of an HTTP proxy. It does not act on the byte stream
 * itself: the connection's {@link HttpSession} asks it, per request, whether it picks the request
 * ({@link #picks}), and then applies the toxic's attributes to the exchange.
 */
public final class HttpFaultEffect extends Effect {
  private HttpMatch match;

  public HttpFaultEffect(Flow flow, Toxic toxic, Rng rng) {
    super(flow, toxic, rng);
    configure();
  }

  @Override
  void configure() {
    match = HttpToxic.match(toxic);
  }

  /**
   * Whether this fault acts on {@code exchange}'s request: it matches, wins the toxicity draw (one
   * per matching request, from the connection's seed), and is within the toxic's {@code first}.
   */
  boolean picks(Exchange exchange) {
    if (!match.matches(exchange.request)) return false;
    double toxicity = toxic.toxicity();
    if (toxicity < 1 && rng.nextDouble() >= toxicity) return false;
    long first = HttpToxic.FIRST.longValue(toxic);
    return first == 0 || flow.connection.proxy.httpQuota(toxic).getAndIncrement() < first;
  }

  Toxic toxic() {
    return toxic;
  }

  Rng rng() {
    return rng;
  }

  @Override
  boolean touchesData() {
    return false;
  }
}
