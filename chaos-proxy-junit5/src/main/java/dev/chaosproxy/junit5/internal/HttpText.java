package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.DataSize;
import dev.chaosproxy.Direction;
import dev.chaosproxy.HttpRoute;
import dev.chaosproxy.internal.ToxicList;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP faults of a chaos string, {@code http [METHOD] [PATH] [ROUTE...] FAULT ARGUMENTS}, read
 * into the calls of {@link dev.chaosproxy.HttpRoute} so that they make the same toxics.
 */
final class HttpText {
  static final String GRAMMAR =
      "http [METHOD] [PATH] [header NAME[: VALUE]] [pathMatching REGEX] [first N] [fraction F]"
          + " [named NAME] FAULT, like http GET /search/** fraction 20% respond 503";

  static final String FAULTS =
      "respond STATUS [body TEXT] [header \"Name: value\"]... [retryAfter DURATION],"
          + " replace STATUS [...as respond], delay request|response|body DURATION [after SIZE],"
          + " abort response|headers|body [after SIZE] [reset|close], throttle body|request RATE,"
          + " corrupt body|request PROBABILITY, addHeader [request] \"Name: value\","
          + " removeHeader [request] NAME (or HttpRoute's names: respondRetryAfter, delayRequest,"
          + " delayResponse, delayBody, throttleBody, throttleRequestBody, abortBeforeResponse,"
          + " abortAfterHeaders, abortAfterBody, closeBeforeResponse, closeAfterHeaders,"
          + " closeAfterBody, corruptBody, corruptRequestBody, addRequestHeader,"
          + " removeRequestHeader)";

  /** The words that narrow a route, between the path and the fault. */
  private static final List<String> ROUTE_WORDS =
      List.of("header", "pathmatching", "first", "fraction", "toxicity", "named");

  /** Every fault's name in lower case: the families and HttpRoute's own names. */
  private static final List<String> FAULT_WORDS =
      List.of(
          "respond",
          "replace",
          "delay",
          "abort",
          "throttle",
          "corrupt",
          "addheader",
          "removeheader",
          "respondretryafter",
          "delayrequest",
          "delayresponse",
          "delaybody",
          "throttlebody",
          "throttlerequestbody",
          "abortbeforeresponse",
          "abortafterheaders",
          "abortafterbody",
          "closebeforeresponse",
          "closeafterheaders",
          "closeafterbody",
          "corruptbody",
          "corruptrequestbody",
          "addrequestheader",
          "removerequestheader");

  private HttpText() {}

  /** The error for a direction before {@code http}: each HTTP fault names its message. */
  static IllegalArgumentException noDirection(Direction d) {
    return new IllegalArgumentException(
        "'"
            + d.wireName()
            + "' does not go with http: each HTTP fault says which message it acts on"
            + " (delay request, throttle request, addHeader request ...); drop '"
            + d.wireName()
            + "'");
  }

  /** Reads the route and the fault after the word {@code http}, applying it to {@code chaos}. */
  static void parse(ChaosText.Tokens in, ToxicList chaos) {
    if (!in.more())
      throw new IllegalArgumentException("a route and a fault are missing; write " + GRAMMAR);
    String method = "";
    String path = "";
    if (!in.quoted() && !isFault(in.peek()) && !isRouteWord(in.peek()) && !isPath(in.peek())) {
      method = in.next();
    }
    if (in.more() && isPath(in.peek())) path = in.next();
    HttpRoute route = chaos.http().on(method, path);
    while (in.more() && !in.quoted() && isRouteWord(in.peek())) {
      String w = in.next().toLowerCase(Locale.ROOT);
      switch (w) {
        case "header":
          {
            String h = in.required("header NAME or header \"NAME: VALUE\", like header X-Debug");
            int colon = h.indexOf(':');
            route =
                colon < 0
                    ? route.header(h)
                    : route.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            break;
          }
        case "pathmatching":
          route =
              route.pathMatching(
                  in.required("pathMatching REGEX, like pathMatching \"/items/[0-9]+\""));
          break;
        case "first":
          route = route.first(requests(in.required("first N, like first 2 (requests)")));
          break;
        case "named":
          route = route.named(in.required("named NAME, like named checkout-outage"));
          break;
        default: // fraction, toxicity
          route = route.fraction(ChaosText.fraction(w, in.required(w + " FRACTION, like 20%")));
          break;
      }
    }
    if (!in.more())
      throw new IllegalArgumentException("no HTTP fault named; HTTP faults: " + FAULTS);
    if (in.quoted() || !isFault(in.peek())) {
      String w = in.next();
      throw new IllegalArgumentException(
          "unknown HTTP fault or route word '"
              + w
              + "'"
              + (isPath("/" + w) ? " (a path starts with '/')" : "")
              + "; write "
              + GRAMMAR
              + "; HTTP faults: "
              + FAULTS);
    }
    fault(in.next().toLowerCase(Locale.ROOT), in, route);
  }

  private static void fault(String verb, ChaosText.Tokens in, HttpRoute route) {
    switch (verb) {
      case "respond":
      case "replace":
        answer(verb, in, route);
        return;
      case "respondretryafter":
        {
          String usage = "respondRetryAfter STATUS DURATION, like respondRetryAfter 503 5s";
          int status = status(in.required(usage), usage);
          Duration d = ChaosText.duration("retryAfter", in.required(usage));
          in.end(usage);
          route.respondRetryAfter(status, d);
          return;
        }
      case "delay":
        delay(in.required(DELAY).toLowerCase(Locale.ROOT), in, route);
        return;
      case "delayrequest":
        delay("request", in, route);
        return;
      case "delayresponse":
        delay("response", in, route);
        return;
      case "delaybody":
        delay("body", in, route);
        return;
      case "abort":
        abort(in.required(ABORT).toLowerCase(Locale.ROOT), null, in, route);
        return;
      case "abortbeforeresponse":
        abort("response", "reset", in, route);
        return;
      case "abortafterheaders":
        abort("headers", "reset", in, route);
        return;
      case "abortafterbody":
        abort("body", "reset", in, route);
        return;
      case "closebeforeresponse":
        abort("response", "close", in, route);
        return;
      case "closeafterheaders":
        abort("headers", "close", in, route);
        return;
      case "closeafterbody":
        abort("body", "close", in, route);
        return;
      case "throttle":
        throttle(message(in, "throttle", THROTTLE), in, route);
        return;
      case "throttlebody":
        throttle("body", in, route);
        return;
      case "throttlerequestbody":
        throttle("request", in, route);
        return;
      case "corrupt":
        corrupt(message(in, "corrupt", CORRUPT), in, route);
        return;
      case "corruptbody":
        corrupt("body", in, route);
        return;
      case "corruptrequestbody":
        corrupt("request", in, route);
        return;
      case "addheader":
        addHeader(in.keyword("request"), in, route);
        return;
      case "addrequestheader":
        addHeader(true, in, route);
        return;
      case "removeheader":
        removeHeader(in.keyword("request"), in, route);
        return;
      default: // removerequestheader
        removeHeader(true, in, route);
    }
  }

  private static final String ANSWER =
      " STATUS [body TEXT] [header \"Name: value\"]... [retryAfter DURATION], like"
          + " respond 503 retryAfter 5s body \"busy\"";

  /** {@code respond} (the request not forwarded) or {@code replace} (the upstream's answer). */
  private static void answer(String verb, ChaosText.Tokens in, HttpRoute route) {
    String usage = verb + ANSWER;
    int status = status(in.required(usage), usage);
    Map<String, String> headers = new LinkedHashMap<>();
    String body = null;
    Duration retryAfter = null;
    while (in.more()) {
      if (in.keyword("body")) {
        if (body != null) throw new IllegalArgumentException("body is given twice");
        body = in.required(usage);
      } else if (in.keyword("header")) {
        String h = in.required(usage);
        int colon = h.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException(
              "header \"" + h + "\" is not a header field; write header \"Name: value\"");
        }
        headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
      } else if (in.keyword("retryAfter")) {
        if (retryAfter != null) throw new IllegalArgumentException("retryAfter is given twice");
        retryAfter = ChaosText.duration("retryAfter", in.required(usage));
      } else {
        in.end(usage);
      }
    }
    boolean replace = verb.equals("replace");
    if (!replace && retryAfter != null && headers.isEmpty() && body == null) {
      route.respondRetryAfter(status, retryAfter);
      return;
    }
    if (retryAfter != null) {
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must be >= 0");
      }
      // as respondRetryAfter: whole seconds, rounded up
      headers.put("Retry-After", Long.toString((retryAfter.toMillis() + 999) / 1000));
    }
    String text = body == null ? "" : body;
    if (replace) route.replace(status, headers, text);
    else route.respond(status, headers, text);
  }

  private static int status(String text, String usage) {
    if (!text.matches("\\d{1,9}")) {
      throw new IllegalArgumentException(
          "status '" + text + "' is not a status code; write a whole number 200..599: " + usage);
    }
    return Integer.parseInt(text);
  }

  private static final String DELAY =
      "delay request|response|body DURATION [after SIZE], like delay response 2s or"
          + " delay body 1s after 4KiB";

  private static void delay(String at, ChaosText.Tokens in, HttpRoute route) {
    if (!List.of("request", "response", "body").contains(at)) {
      throw new IllegalArgumentException(
          "delay '" + at + "' is not a point of the exchange; write " + DELAY);
    }
    Duration d = ChaosText.duration("delay", in.required(DELAY));
    DataSize after = null;
    if (in.keyword("after")) {
      if (!at.equals("body")) {
        throw new IllegalArgumentException(
            "after SIZE is a point in the response body: write delay body "
                + "DURATION after SIZE, not delay "
                + at);
      }
      after = ChaosText.size("after", in.required(DELAY), DELAY);
    }
    in.end(DELAY);
    switch (at) {
      case "request":
        route.delayRequest(d);
        break;
      case "response":
        route.delayResponse(d);
        break;
      default:
        if (after == null) route.delayBody(d);
        else route.delayBody(after, d);
    }
  }

  private static final String ABORT =
      "abort response|headers|body [after SIZE] [reset|close], like abort headers or"
          + " abort body after 1KiB close";

  /** {@code mode} null: read it ({@code reset} by default). */
  private static void abort(String at, String mode, ChaosText.Tokens in, HttpRoute route) {
    if (!List.of("response", "headers", "body").contains(at)) {
      throw new IllegalArgumentException(
          "abort '" + at + "' is not a point of the exchange; write " + ABORT);
    }
    DataSize after = null;
    if (at.equals("body")) {
      in.keyword("after");
      after =
          ChaosText.size(
              "after", in.required("abort body after SIZE, like abort body after 1KiB"), ABORT);
    } else if (in.more() && in.peek().equalsIgnoreCase("after")) {
      throw new IllegalArgumentException(
          "after SIZE is a point in the response body: write abort body after SIZE, not abort "
              + at);
    }
    String m = mode;
    if (m == null) {
      m = in.keyword("close") ? "close" : "reset";
      if (m.equals("reset")) in.keyword("reset");
    }
    in.end(ABORT);
    boolean close = m.equals("close");
    switch (at) {
      case "response":
        if (close) route.closeBeforeResponse();
        else route.abortBeforeResponse();
        break;
      case "headers":
        if (close) route.closeAfterHeaders();
        else route.abortAfterHeaders();
        break;
      default:
        if (close) route.closeAfterBody(after);
        else route.abortAfterBody(after);
    }
  }

  private static final String THROTTLE =
      "throttle body|request RATE, like throttle body 10KiB/s (B, KB, MB, KiB or MiB per second)";

  private static void throttle(String which, ChaosText.Tokens in, HttpRoute route) {
    String rate = in.required(THROTTLE);
    in.end(THROTTLE);
    String size = rate.endsWith("/s") ? rate.substring(0, rate.length() - 2) : rate;
    DataSize perSecond = ChaosText.size("rate", size, THROTTLE);
    if (which.equals("request")) route.throttleRequestBody(perSecond);
    else route.throttleBody(perSecond);
  }

  private static final String CORRUPT =
      "corrupt body|request PROBABILITY, like corrupt body 1% (per body byte)";

  private static void corrupt(String which, ChaosText.Tokens in, HttpRoute route) {
    double p = ChaosText.fraction("probability", in.required(CORRUPT));
    in.end(CORRUPT);
    if (which.equals("request")) route.corruptRequestBody(p);
    else route.corruptBody(p);
  }

  /** {@code body} or {@code request}, the message a throttle or corruption acts on. */
  private static String message(ChaosText.Tokens in, String verb, String usage) {
    String w = in.required(usage).toLowerCase(Locale.ROOT);
    if (!w.equals("body") && !w.equals("request")) {
      throw new IllegalArgumentException(
          verb
              + " '"
              + w
              + "': say which body, body (the response's) or request (the request's); write "
              + usage);
    }
    return w;
  }

  private static final String ADD_HEADER =
      "addHeader [request] \"Name: value\", like addHeader \"Cache-Control: no-store\"";

  private static void addHeader(boolean request, ChaosText.Tokens in, HttpRoute route) {
    String h = in.required(ADD_HEADER);
    in.end(ADD_HEADER);
    int colon = h.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "addHeader \"" + h + "\" is not a header field; write " + ADD_HEADER);
    }
    String name = h.substring(0, colon).trim();
    String value = h.substring(colon + 1).trim();
    if (request) route.addRequestHeader(name, value);
    else route.addHeader(name, value);
  }

  private static final String REMOVE_HEADER = "removeHeader [request] NAME, like removeHeader ETag";

  private static void removeHeader(boolean request, ChaosText.Tokens in, HttpRoute route) {
    String name = in.required(REMOVE_HEADER);
    in.end(REMOVE_HEADER);
    if (request) route.removeRequestHeader(name);
    else route.removeHeader(name);
  }

  private static int requests(String text) {
    if (!text.matches("\\d{1,9}")) {
      throw new IllegalArgumentException(
          "first '" + text + "' is not a whole number of requests; write first N, like first 2");
    }
    return Integer.parseInt(text);
  }

  private static boolean isPath(String w) {
    return w.startsWith("/");
  }

  private static boolean isFault(String w) {
    return FAULT_WORDS.contains(w.toLowerCase(Locale.ROOT));
  }

  private static boolean isRouteWord(String w) {
    return ROUTE_WORDS.contains(w.toLowerCase(Locale.ROOT));
  }
}
