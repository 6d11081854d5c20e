package dev.chaosproxy.internal.api;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.ToxicList;
import dev.chaosproxy.internal.relay.ConnectionRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Trixter's per-connection endpoints with its bodies and status codes (202 on success): {@code
 * PATCH /connections/{id}/{delay|throttle|slice|termination|corruption}}, {@code POST
 * /connections/{id}/shutdown}, {@code POST /connections/_all/shutdown}, {@code GET /health}. Each
 * setting acts on both directions of the connection; 0 turns it off for that connection, even when
 * the proxy's toxic of that type would otherwise act on it.
 */
final class TrixterApi {
  private final ChaosEngine engine;
  private final NativeApi connections;

  TrixterApi(ChaosEngine engine, NativeApi connections) {
    this.engine = engine;
    this.connections = connections;
  }

  void register(Router r) {
    r.add("GET", "/health", c -> Reply.text(200, "ok", "text/plain; charset=utf-8"));
    r.add("POST", "/connections/{id}/shutdown", this::shutdown);
    r.add("POST", "/connections/_all/shutdown", this::shutdownAll);
    r.add(
        "PATCH",
        "/connections/{id}/delay",
        c ->
            set(
                c,
                "delay_ms",
                ToxicType.LATENCY,
                Kind.MILLIS,
                (chaos, n) -> chaos.delay(Duration.ofMillis(n.longValue()))));
    r.add(
        "PATCH",
        "/connections/{id}/throttle",
        c ->
            set(
                c,
                "rate_bytes",
                ToxicType.BANDWIDTH,
                Kind.COUNT,
                (chaos, n) -> chaos.throttle(DataSize.ofBytes(n.longValue()))));
    r.add(
        "PATCH",
        "/connections/{id}/slice",
        c ->
            set(
                c,
                "size_bytes",
                ToxicType.SLICER,
                Kind.COUNT,
                (chaos, n) -> chaos.slice(DataSize.ofBytes(n.longValue()))));
    r.add(
        "PATCH",
        "/connections/{id}/termination",
        c ->
            set(
                c,
                "probability_rate",
                ToxicType.TERMINATE,
                Kind.PROBABILITY,
                (chaos, p) -> chaos.terminate(p.doubleValue())));
    r.add(
        "PATCH",
        "/connections/{id}/corruption",
        c ->
            set(
                c,
                "probability_rate",
                ToxicType.CORRUPT,
                Kind.PROBABILITY,
                (chaos, p) -> chaos.corrupt(p.doubleValue())));
  }

  private enum Kind {
    MILLIS,
    COUNT,
    PROBABILITY
  }

  private Reply shutdown(Call c) {
    ConnectionRef ref = connections.connection(c);
    ref.kill(NativeApi.reason(c, c.json()));
    return Reply.empty(202);
  }

  private Reply shutdownAll(Call c) {
    String reason = NativeApi.reason(c, c.json());
    for (ProxyControl p : engine.proxies()) {
      try {
        p.killAll(reason);
      } catch (IllegalStateException closedMeanwhile) {
        // a proxy deleted while this call ran has no connections left to kill
      }
    }
    return Reply.empty(202);
  }

  /**
   * Sets one trixter knob on a connection: its own toxics of {@code type} become those {@code knob}
   * makes with the value (both directions, default names); 0 removes them and shadows the proxy's.
   */
  private Reply set(
      Call c, String field, ToxicType type, Kind kind, BiConsumer<ToxicList, Number> knob) {
    ConnectionRef ref = connections.connection(c);
    Body b = Body.of(c.json(), "trixter " + type.wireName() + " request", List.of(field));
    if (!b.has(field)) throw ApiException.missingField(field);
    Number value;
    boolean off;
    if (kind == Kind.PROBABILITY) {
      double p = b.number(field).getAsDouble();
      if (!(p >= 0 && p <= 1))
        throw ApiException.badRequest("invalid probability; must be between 0.0 and 1.0, was " + p);
      value = p;
      off = p == 0;
    } else {
      long n =
          b.whole(field, 0, Integer.MAX_VALUE, kind == Kind.MILLIS ? "ms" : "bytes").getAsLong();
      value = n;
      off = n == 0;
    }
    List<Toxic> proxyToxics =
        ToxiproxyApi.local(
                engine
                    .proxy(ref.proxyName())
                    .orElseThrow(() -> ApiException.proxyNotFound(ref.proxyName(), "")))
            .toxicList();
    List<Toxic> knobToxics = off ? List.of() : knobToxics(knob, value);
    NativeApi.updateOwn(
        ref,
        list -> {
          List<Toxic> next = new ArrayList<>();
          for (Toxic t : list) if (t.type() != type) next.add(t);
          if (off) {
            // Shadow the proxy's toxics of this type on this connection: same name, toxicity 0.
            for (Toxic t : proxyToxics) if (t.type() == type) next.add(t.withToxicity(0));
          } else {
            next.addAll(knobToxics);
          }
          return next;
        });
    return Reply.empty(202);
  }

  /**
   * The toxics {@code knob} makes with {@code value}, through the same vocabulary as the Java
   * calls.
   */
  private static List<Toxic> knobToxics(BiConsumer<ToxicList, Number> knob, Number value) {
    ToxicList chaos = new ToxicList();
    try {
      knob.accept(chaos, value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badBody(e.getMessage());
    }
    return chaos.toxics();
  }
}
