package dev.chaosproxy;

import java.time.Duration;
import java.util.List;

/**
 * The fault vocabulary shared by a proxy, a single connection and their directional views. Each
 * call adds a toxic or, when a toxic of that type already exists on that direction, updates it, so
 * {@code delay(ofMillis(100))} followed by {@code delay(ofMillis(500))} leaves one latency.
 *
 * <p>Unless narrowed with {@link #upstream()} or {@link #downstream()}, a call applies to both
 * directions: {@code redis.delay(ofMillis(250))} adds 250 ms to requests and 250 ms to responses,
 * so a round trip pays it twice. Calls take effect before they return; bytes not yet written to
 * their destination are subject to them.
 *
 * @param <S> the type of the handle, so that calls chain: {@code redis.delay(..).throttle(..)}
 */
public interface Chaos<S extends Chaos<S>> {

  /** A view of this handle whose faults act on client → server bytes only. */
  S upstream();

  /** A view of this handle whose faults act on server → client bytes only. */
  S downstream();

  /**
   * A view whose new toxics apply to the fraction {@code fraction} (0..1) of connections. Whether a
   * toxic applies is decided once per connection and is not re-decided when toxics change.
   */
  S toxicity(double fraction);

  /**
   * A view whose new toxics wait for {@code trigger} before they act (combined with the view's
   * trigger, if it has one): {@code db.when(Trigger.firstConnections(2)).refuse()}.
   */
  S when(Trigger trigger);

  /** {@code when(Trigger.firstConnections(count))}: the next {@code count} connections only. */
  S firstConnections(int count);

  /**
   * {@code when(Trigger.afterBytes(offset))}: from byte {@code offset} of the fault's direction on;
   * {@code redis.downstream().after(DataSize.ofBytes(4096)).resetPeer(ZERO)}.
   */
  S after(DataSize offset);

  /**
   * {@code when(Trigger.seen(text))}: once {@code text} has passed on the fault's direction, on the
   * bytes after it; {@code db.upstream().whenSeen("COMMIT").resetPeer(ZERO)}.
   */
  S whenSeen(String text);

  /**
   * Resets each new connection as soon as it is accepted, before the upstream is connected: the
   * nearest a proxy that listens comes to connection refused. It is {@code sessionLimit(ZERO)}.
   */
  S refuse();

  /**
   * Delays every chunk by {@code latency}; bytes keep flowing (a long fat link, not stop-and-wait).
   */
  S delay(Duration latency);

  /** Delays every chunk by {@code latency ± jitter}, uniformly; order is preserved. */
  S delay(Duration latency, Duration jitter);

  /**
   * Delays every chunk by a draw from {@code distribution}: for {@link Distribution#UNIFORM} {@code
   * latency ± jitter}; for the others {@code latency} is the mean and {@code jitter} the standard
   * deviation (as netem has them). Order is preserved: a chunk drawn early waits behind a late one.
   */
  S delay(Duration latency, Duration jitter, Distribution distribution);

  /**
   * As {@link #delay(Duration, Duration, Distribution)}, no chunk later than {@code max}: a cap for
   * heavy tails.
   */
  S delay(Duration latency, Duration jitter, Distribution distribution, Duration max);

  /** Caps the rate to {@code perSecond} bytes per second; {@code 0} lets nothing through. */
  S throttle(DataSize perSecond);

  /**
   * Caps the rate to {@code perSecond} bytes per second for all the proxy's connections together,
   * per direction, shared fairly: four busy connections get about a quarter each. On one
   * connection's handle it joins the share of the proxy's shared throttle.
   */
  S throttleShared(DataSize perSecond);

  /**
   * Caps the rate of the link named {@code link} to {@code perSecond} bytes per second, per
   * direction: every throttle on that link, on any proxy of the engine, draws from the one rate,
   * fairly between connections. When throttles on one link give different rates, the one added or
   * changed last decides (and when it is removed, the last changed of the others).
   */
  S throttleLink(String link, DataSize perSecond);

  /** Cuts the stream into writes of at most {@code size} bytes. */
  S slice(DataSize size);

  /** Cuts the stream into writes of {@code averageSize ± variation} bytes, {@code pause} apart. */
  S slice(DataSize averageSize, DataSize variation, Duration pause);

  /** With {@code probability} per read, inserts a few random bytes into the stream. */
  S corrupt(double probability);

  /** With {@code probability} per read, flips one random bit (the length is unchanged). */
  S flipBits(double probability);

  /** With {@code probability} per read or write, resets the connection (RST to both peers). */
  S terminate(double probability);

  /** With {@code probability} per chunk, holds it (and what follows it) for {@code pause}. */
  S stall(double probability, Duration pause);

  /**
   * Loses each chunk with {@code lossRate}, and right after a loss with {@code lossRate +
   * correlation} (losses come in bursts): a lost chunk is held for a retransmission timeout, 200 ms
   * doubled for each loss in a row, as TCP retransmits a lost segment; no byte is lost. Toxiproxy's
   * {@code packet_loss} (which drops the bytes: {@code mode=drop} over REST).
   */
  S packetLoss(double lossRate, double correlation);

  /** Drops every byte from now on and closes the connection after {@code after}. */
  S timeout(Duration after);

  /**
   * Drops every byte from now on and keeps the connection open: a peer that accepted and never
   * answers. Removing it (or {@code reset()}) closes the connections it held, as in Toxiproxy.
   */
  S blackhole();

  /** Once data flows, resets the connection (RST) after {@code after}; zero resets at once. */
  S resetPeer(Duration after);

  /** Delays forwarding the close (FIN) by {@code delay}. */
  S slowClose(Duration delay);

  /** Passes exactly {@code limit} bytes, then closes the connection. */
  S limitData(DataSize limit);

  /**
   * Resets each connection {@code lifetime} after it opened, even while data flows. It acts on the
   * whole connection, whatever the view's direction: on {@code upstream()} or {@code downstream()}
   * it is filed under that direction (so that view lists and clears it), else under downstream.
   */
  S sessionLimit(Duration lifetime);

  /**
   * HTTP faults, per request, on an HTTP proxy ({@link ProxyBuilder#http()}): {@code
   * api.http().on("GET", "/search/**").fraction(0.2).respond(503)}. Each fault says which message
   * it acts on (the request or the response), so a directional view does not narrow it; a view's
   * toxicity becomes the fraction of matching requests and its trigger is kept.
   */
  HttpChaos http();

  /** Writes {@code bytes} into the live connections' stream now, after what is already queued. */
  S inject(byte[] bytes);

  /**
   * Adds {@code toxic} as given (its own name, direction and toxicity; directional and toxicity
   * views do not change it).
   *
   * @throws IllegalArgumentException if a toxic of that name exists
   */
  S add(Toxic toxic);

  /** Replaces the toxic of {@code toxic.name()}, or adds it. */
  S put(Toxic toxic);

  /**
   * Removes the toxic named {@code name}.
   *
   * @throws IllegalArgumentException if there is none, naming the toxics there are
   */
  S remove(String name);

  /** Removes every toxic this view acts on (both directions, or the one it is narrowed to). */
  S clear();

  /** The toxics on this handle, in the order they were added. */
  List<Toxic> toxics();
}
