package dev.chaosproxy.internal.relay;

import dev.chaosproxy.internal.chaos.Rng;
import dev.chaosproxy.internal.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One request on an HTTP proxy's connection and what the HTTP faults that picked it do to it and to
 * its answer. Made when the request's head has passed; loop thread only.
 */
final class Exchange {
  static final long NONE = -1;

  final HttpRequest request;

  /**
   * The proxy's own answer: instead of forwarding ({@link #local}) or in place of the upstream's.
   */
  byte[] answer;

  /** The request is answered by the proxy and not forwarded. */
  boolean local;

  /** A local answer may be written once the answers before it are. */
  boolean ready;

  /** The connection closes after the local answer (the client asked, or its body never came). */
  boolean closeAfter;

  long requestDelay;
  long headersDelay;
  long bodyDelay;
  long bodyDelayAt = NONE;

  /** Where the connection ends: an {@code HttpAbort} {@code at}, or null. */
  String abortAt;

  long abortBytes;
  boolean abortReset;
  String abortToxic;

  final Edits requestEdits = new Edits();
  final Edits responseEdits = new Edits();
  final Body requestBody = new Body();
  final Body responseBody = new Body();

  /** Draws corruption for this exchange, from the seed of the first fault that corrupts it. */
  Rng rng;

  Exchange(HttpRequest request) {
    this.request = request;
  }

  /** Whether any fault picked it. */
  boolean plain() {
    return answer == null
        && requestDelay == 0
        && headersDelay == 0
        && bodyDelayAt == NONE
        && abortAt == null
        && requestEdits.none()
        && responseEdits.none()
        && requestBody.none()
        && responseBody.none();
  }

  /** Header fields to remove and set in one head. */
  static final class Edits {
    final Set<String> remove = new LinkedHashSet<>();
    final Map<String, String> set = new LinkedHashMap<>();

    boolean none() {
      return remove.isEmpty() && set.isEmpty();
    }
  }

  /** What happens to one body: a rate cap and a corruption probability. */
  static final class Body {
    /** Bytes per second, or {@link #NONE}. */
    long rate = NONE;

    double corrupt;

    boolean none() {
      return rate == NONE && corrupt == 0;
    }
  }
}
