package dev.chaosproxy.internal;

import static dev.chaosproxy.internal.chaos.ToxicDescriptor.values;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.Direction;
import dev.chaosproxy.HttpChaos;
import dev.chaosproxy.HttpRoute;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.Trigger;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.toxics.HttpAbort;
import dev.chaosproxy.internal.chaos.toxics.HttpCorrupt;
import dev.chaosproxy.internal.chaos.toxics.HttpDelay;
import dev.chaosproxy.internal.chaos.toxics.HttpHeader;
import dev.chaosproxy.internal.chaos.toxics.HttpRespond;
import dev.chaosproxy.internal.chaos.toxics.HttpThrottle;
import dev.chaosproxy.internal.chaos.toxics.HttpToxic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@link HttpChaos} and {@link HttpRoute} over a handle's toxic list: a route is the matcher
 * attributes, fraction, trigger and name; each fault call puts one {@code http_*} toxic.
 */
public final class HttpRoutes implements HttpChaos {
  private final UnaryOperator<UnaryOperator<List<Toxic>>> update;
  private final double fraction;
  private final Trigger trigger;

  /**
   * Routes whose faults are put through {@code update} (which applies a change to the handle's
   * toxics and waits until it is in effect), with the view's {@code fraction} and {@code trigger}.
   */
  public HttpRoutes(
      java.util.function.Function<UnaryOperator<List<Toxic>>, List<Toxic>> update,
      double fraction,
      Trigger trigger) {
    this.update =
        change -> {
          update.apply(change);
          return change;
        };
    this.fraction = fraction;
    this.trigger = trigger;
  }

  @Override
  public HttpRoute on(String method, String pathGlob) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathGlob, "pathGlob");
    return new Route(method.trim(), pathGlob.trim(), "", "", 0, fraction, trigger, null);
  }

  @Override
  public HttpRoute on(String pathGlob) {
    return on("", pathGlob);
  }

  @Override
  public HttpRoute any() {
    return on("", "");
  }

  /** One route: a value; each narrowing returns a new one. */
  private final class Route implements HttpRoute {
    final String method;
    final String path;
    final String pathRegex;
    final String header;
    final int first;
    final double fraction;
    final Trigger trigger;
    final String name;

    Route(
        String method,
        String path,
        String pathRegex,
        String header,
        int first,
        double fraction,
        Trigger trigger,
        String name) {
      this.method = method;
      this.path = path;
      this.pathRegex = pathRegex;
      this.header = header;
      this.first = first;
      this.fraction = fraction;
      this.trigger = trigger;
      this.name = name;
      // fail at the call that made the route wrong, not at the fault
      dev.chaosproxy.internal.http.HttpMatch.of(method, path, pathRegex, header);
    }

    @Override
    public HttpRoute header(String headerName) {
      Objects.requireNonNull(headerName, "name");
      return new Route(method, path, pathRegex, headerName.trim(), first, fraction, trigger, name);
    }

    @Override
    public HttpRoute header(String headerName, String value) {
      Objects.requireNonNull(headerName, "name");
      Objects.requireNonNull(value, "value");
      return new Route(
          method,
          path,
          pathRegex,
          headerName.trim() + ": " + value,
          first,
          fraction,
          trigger,
          name);
    }

    @Override
    public HttpRoute pathMatching(String regex) {
      Objects.requireNonNull(regex, "regex");
      return new Route(method, "", regex, header, first, fraction, trigger, name);
    }

    @Override
    public HttpRoute fraction(double f) {
      return new Route(
          method, path, pathRegex, header, first, Toxic.checkToxicity(f), trigger, name);
    }

    @Override
    public HttpRoute first(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("first(count) takes a count >= 1, was " + count);
      }
      return new Route(method, path, pathRegex, header, count, fraction, trigger, name);
    }

    @Override
    public HttpRoute when(Trigger t) {
      Objects.requireNonNull(t, "trigger");
      Trigger both = trigger == null ? t : trigger.and(t);
      return new Route(method, path, pathRegex, header, first, fraction, both, name);
    }

    @Override
    public HttpRoute named(String n) {
      Names.check("toxic", n);
      return new Route(method, path, pathRegex, header, first, fraction, trigger, n);
    }

    // ---- faults

    @Override
    public HttpChaos respond(int status) {
      return respond(status, Map.of(), "");
    }

    @Override
    public HttpChaos respond(int status, String body) {
      Objects.requireNonNull(body, "body");
      return respond(status, Map.of(), body);
    }

    @Override
    public HttpChaos respond(int status, Map<String, String> headers, String body) {
      return answer(status, headers, body, false);
    }

    @Override
    public HttpChaos respondRetryAfter(int status, Duration retryAfter) {
      Objects.requireNonNull(retryAfter, "retryAfter");
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException(
            "retryAfter must be >= 0, was " + Durations.show(retryAfter));
      }
      long seconds = (retryAfter.toMillis() + 999) / 1000; // Retry-After is whole seconds
      return respond(status, Map.of("Retry-After", Long.toString(seconds)), "");
    }

    @Override
    public HttpChaos replace(int status, Map<String, String> headers, String body) {
      return answer(status, headers, body, true);
    }

    private HttpChaos answer(int status, Map<String, String> headers, String body, boolean fwd) {
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(body, "body");
      return put(
          ToxicType.HTTP_RESPOND,
          Direction.DOWNSTREAM,
          values(
              HttpRespond.STATUS,
              (long) status,
              HttpRespond.HEADERS,
              new LinkedHashMap<>(headers),
              HttpRespond.BODY,
              body,
              HttpRespond.FORWARD,
              fwd));
    }

    @Override
    public HttpChaos delayRequest(Duration delay) {
      return delay(HttpDelay.REQUEST, 0, delay);
    }

    @Override
    public HttpChaos delayResponse(Duration delay) {
      return delay(HttpDelay.RESPONSE, 0, delay);
    }

    @Override
    public HttpChaos delayBody(Duration delay) {
      return delay(HttpDelay.BODY, 0, delay);
    }

    @Override
    public HttpChaos delayBody(DataSize after, Duration delay) {
      Objects.requireNonNull(after, "after");
      return delay(HttpDelay.BODY, after.bytes(), delay);
    }

    private HttpChaos delay(String at, long bodyBytes, Duration delay) {
      checkDuration("delay", delay);
      return put(
          ToxicType.HTTP_DELAY,
          Direction.DOWNSTREAM,
          values(HttpDelay.DELAY, delay, HttpDelay.AT, at, HttpDelay.BODY_BYTES, bodyBytes));
    }

    @Override
    public HttpChaos throttleBody(DataSize perSecond) {
      return throttle(Direction.DOWNSTREAM, perSecond);
    }

    @Override
    public HttpChaos throttleRequestBody(DataSize perSecond) {
      return throttle(Direction.UPSTREAM, perSecond);
    }

    private HttpChaos throttle(Direction d, DataSize perSecond) {
      Objects.requireNonNull(perSecond, "perSecond");
      double kb = perSecond.bytes() / 1000.0;
      return put(ToxicType.HTTP_THROTTLE, d, values(HttpThrottle.RATE, kb));
    }

    @Override
    public HttpChaos abortBeforeResponse() {
      return abort(HttpAbort.RESPONSE, 0, HttpAbort.RESET);
    }

    @Override
    public HttpChaos abortAfterHeaders() {
      return abort(HttpAbort.HEADERS, 0, HttpAbort.RESET);
    }

    @Override
    public HttpChaos abortAfterBody(DataSize after) {
      Objects.requireNonNull(after, "after");
      return abort(HttpAbort.BODY, after.bytes(), HttpAbort.RESET);
    }

    @Override
    public HttpChaos closeBeforeResponse() {
      return abort(HttpAbort.RESPONSE, 0, HttpAbort.CLOSE);
    }

    @Override
    public HttpChaos closeAfterHeaders() {
      return abort(HttpAbort.HEADERS, 0, HttpAbort.CLOSE);
    }

    @Override
    public HttpChaos closeAfterBody(DataSize after) {
      Objects.requireNonNull(after, "after");
      return abort(HttpAbort.BODY, after.bytes(), HttpAbort.CLOSE);
    }

    private HttpChaos abort(String at, long bodyBytes, String mode) {
      return put(
          ToxicType.HTTP_ABORT,
          Direction.DOWNSTREAM,
          values(HttpAbort.AT, at, HttpAbort.BODY_BYTES, bodyBytes, HttpAbort.MODE, mode));
    }

    @Override
    public HttpChaos corruptBody(double probability) {
      return corrupt(Direction.DOWNSTREAM, probability);
    }

    @Override
    public HttpChaos corruptRequestBody(double probability) {
      return corrupt(Direction.UPSTREAM, probability);
    }

    private HttpChaos corrupt(Direction d, double probability) {
      return put(ToxicType.HTTP_CORRUPT, d, values(HttpCorrupt.PROBABILITY, probability));
    }

    @Override
    public HttpChaos addHeader(String headerName, String value) {
      return setHeader(Direction.DOWNSTREAM, headerName, value);
    }

    @Override
    public HttpChaos removeHeader(String headerName) {
      return dropHeader(Direction.DOWNSTREAM, headerName);
    }

    @Override
    public HttpChaos addRequestHeader(String headerName, String value) {
      return setHeader(Direction.UPSTREAM, headerName, value);
    }

    @Override
    public HttpChaos removeRequestHeader(String headerName) {
      return dropHeader(Direction.UPSTREAM, headerName);
    }

    private HttpChaos setHeader(Direction d, String headerName, String value) {
      Objects.requireNonNull(headerName, "name");
      Objects.requireNonNull(value, "value");
      Map<String, String> set = new LinkedHashMap<>();
      set.put(headerName, value);
      return put(ToxicType.HTTP_HEADER, d, values(HttpHeader.SET, set));
    }

    private HttpChaos dropHeader(Direction d, String headerName) {
      Objects.requireNonNull(headerName, "name");
      if (headerName.isBlank() || headerName.contains(",")) {
        throw new IllegalArgumentException(
            "removeHeader takes one header field name, was \"" + headerName + "\"");
      }
      return put(ToxicType.HTTP_HEADER, d, values(HttpHeader.REMOVE, headerName.trim()));
    }

    /**
     * Puts a toxic of {@code type} for this route: replacing the toxic of its name, else the same
     * type on the same route, else added under the type's name (numbered when taken).
     */
    private HttpChaos put(ToxicType type, Direction d, Map<String, Object> own) {
      Map<String, Object> attributes = new LinkedHashMap<>(own);
      attributes.put(HttpToxic.METHOD.name(), method);
      attributes.put(HttpToxic.PATH.name(), path);
      attributes.put(HttpToxic.PATH_REGEX.name(), pathRegex);
      attributes.put(HttpToxic.HEADER.name(), header);
      attributes.put(HttpToxic.FIRST.name(), (long) first);
      Toxic made = Toxic.of(type, d, attributes).withToxicity(fraction).when(trigger);
      update.apply(list -> place(list, made));
      return HttpRoutes.this;
    }

    private List<Toxic> place(List<Toxic> list, Toxic made) {
      if (name != null) return upsert(list, made.named(name));
      for (int i = 0; i < list.size(); i++) {
        Toxic t = list.get(i);
        if (sameRoute(t, made)) {
          list.set(i, made.named(t.name()));
          return list;
        }
      }
      String base = made.type().wireName();
      String n = base;
      for (int k = 2; taken(list, n); k++) n = base + "_" + k;
      list.add(made.named(n));
      return list;
    }
  }

  private static boolean sameRoute(Toxic a, Toxic b) {
    if (a.type() != b.type() || a.direction() != b.direction()) return false;
    if (a.toxicity() != b.toxicity() || !Objects.equals(a.trigger(), b.trigger())) return false;
    for (Attr m :
        List.of(
            HttpToxic.METHOD,
            HttpToxic.PATH,
            HttpToxic.PATH_REGEX,
            HttpToxic.HEADER,
            HttpToxic.FIRST)) {
      if (!Objects.equals(a.attributes().get(m.name()), b.attributes().get(m.name()))) return false;
    }
    // a header fault on the same route with another field is another fault
    if (a.type() == ToxicType.HTTP_HEADER) return a.attributes().equals(b.attributes());
    if (a.type() == ToxicType.HTTP_DELAY || a.type() == ToxicType.HTTP_ABORT) {
      String at = a.type() == ToxicType.HTTP_DELAY ? HttpDelay.AT.name() : HttpAbort.AT.name();
      return Objects.equals(a.attributes().get(at), b.attributes().get(at));
    }
    return true;
  }

  private static boolean taken(List<Toxic> list, String n) {
    for (Toxic t : list) if (t.name().equals(n)) return true;
    return false;
  }

  private static List<Toxic> upsert(List<Toxic> list, Toxic t) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(t.name())) {
        list.set(i, t);
        return list;
      }
    }
    list.add(t);
    return list;
  }

  private static void checkDuration(String what, Duration d) {
    if (d == null) throw new IllegalArgumentException(what + " must not be null");
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must be >= 0, was " + Durations.show(d));
    }
  }

  @SuppressWarnings("unused")
  private static List<Toxic> copy(List<Toxic> l) {
    return new ArrayList<>(l);
  }
}
