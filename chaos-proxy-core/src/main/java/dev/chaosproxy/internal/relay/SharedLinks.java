package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.SharedThrottler;
import dev.chaosproxy.internal.chaos.toxics.Bandwidth;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared bandwidth links of one engine, by key: a {@code link} name and direction, or one
 * proxy's {@code shared} toxic. A link's rate is declared by the toxics on it (a proxy's, or a
 * connection's own): the one added or changed last decides it, and when that one goes, the last
 * changed of those left. A link lives while a toxic declares it or a flow uses it, no longer.
 * Control calls and flows joining or leaving take its lock; the data path does not.
 */
public final class SharedLinks {
  private static final Logger log = LoggerFactory.getLogger("dev.chaosproxy.links");

  private static final class Link {
    final SharedThrottler throttler;

    /** Declaring owners, the last changed last, with the rate each declares. */
    final LinkedHashMap<String, Long> declared = new LinkedHashMap<>();

    int flows;

    Link(long rate) {
      throttler = new SharedThrottler(rate);
    }
  }

  private final Map<String, Link> links = new HashMap<>();

  /** What each owner ({@code proxy 'a'}, a connection) declares: link key to rate. */
  private final Map<String, Map<String, Long>> byOwner = new HashMap<>();

  /**
   * The link {@code toxic} on a proxy named {@code proxy} draws from, or null when it caps each
   * connection alone.
   */
  static String key(String proxy, Toxic toxic) {
    if (toxic.type() != ToxicType.BANDWIDTH) return null;
    String link = Bandwidth.LINK.string(toxic);
    if (link != null) return "link '" + link + "' " + toxic.direction().wireName();
    if (Bandwidth.SHARED.flag(toxic)) return "proxy '" + proxy + "' toxic '" + toxic.name() + "'";
    return null;
  }

  /**
   * Records the toxics {@code owner} (on the proxy {@code proxy}) has now; an empty list withdraws
   * them. A toxic new on its link, or with a new rate, sets the link's rate.
   */
  public synchronized void declare(String owner, String proxy, List<Toxic> toxics) {
    Map<String, Long> next = new LinkedHashMap<>();
    for (Toxic t : toxics) {
      String key = key(proxy, t);
      if (key != null) next.put(key, Bandwidth.RATE_BYTES.longValue(t));
    }
    Map<String, Long> before = byOwner.getOrDefault(owner, Map.of());
    for (Map.Entry<String, Long> e : before.entrySet()) {
      if (next.containsKey(e.getKey())) continue;
      Link link = links.get(e.getKey());
      link.declared.remove(owner);
      if (!link.declared.isEmpty()) link.throttler.rate(last(link.declared));
      freeIfUnused(e.getKey(), link);
    }
    for (Map.Entry<String, Long> e : next.entrySet()) {
      long rate = e.getValue();
      Link link = links.computeIfAbsent(e.getKey(), k -> new Link(rate));
      Long was = link.declared.get(owner);
      if (was != null && was == rate) continue;
      for (Map.Entry<String, Long> other : link.declared.entrySet()) {
        if (!other.getKey().equals(owner) && other.getValue() != rate) {
          log.info(
              "{}: {} sets the rate to {} bytes/s; {} said {} bytes/s (the last change decides)",
              e.getKey(),
              owner,
              rate,
              other.getKey(),
              other.getValue());
        }
      }
      link.declared.remove(owner); // re-inserted last: the latest change
      link.declared.put(owner, rate);
      link.throttler.rate(rate);
    }
    if (next.isEmpty()) {
      byOwner.remove(owner);
    } else {
      byOwner.put(owner, next);
    }
  }

  /**
   * The link {@code key} for a flow joining it; {@code rate} is its rate if no toxic declared it.
   */
  synchronized SharedThrottler join(String key, long rate) {
    Link link = links.computeIfAbsent(key, k -> new Link(rate));
    link.flows++;
    return link.throttler;
  }

  /** A flow left the link {@code key}. */
  synchronized void leave(String key) {
    Link link = links.get(key);
    if (link == null) return;
    link.flows--;
    freeIfUnused(key, link);
  }

  /** The rate of the link {@code key}, or -1 if there is none (for tests). */
  synchronized long rate(String key) {
    Link link = links.get(key);
    return link == null ? -1 : link.throttler.rate();
  }

  /** How many links are held (for tests: none once no toxic uses one). */
  public synchronized int size() {
    return links.size();
  }

  private void freeIfUnused(String key, Link link) {
    if (link.flows <= 0 && link.declared.isEmpty()) links.remove(key);
  }

  private static long last(LinkedHashMap<String, Long> declared) {
    long rate = 0;
    for (long r : declared.values()) rate = r;
    return rate;
  }
}
