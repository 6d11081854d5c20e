package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Direction;
import dev.chaosproxy.HttpMetrics;
import dev.chaosproxy.ProxyMetrics;
import dev.chaosproxy.ToxicType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** A proxy's counters, cheap to bump from several loops at once. */
final class Counters {
  private final LongAdder active = new LongAdder();
  private final LongAdder total = new LongAdder();
  private final LongAdder bytesUp = new LongAdder();
  private final LongAdder bytesDown = new LongAdder();
  private final LongAdder receivedUp = new LongAdder();
  private final LongAdder receivedDown = new LongAdder();
  private final LongAdder upstreamFailures = new LongAdder();
  private final LongAdder[] faults = new LongAdder[ToxicType.values().length];

  Counters() {
    for (int i = 0; i < faults.length; i++) faults[i] = new LongAdder();
  }

  void opened() {
    active.increment();
    total.increment();
  }

  void closed() {
    active.decrement();
  }

  void bytes(Direction direction, long n) {
    (direction == Direction.UPSTREAM ? bytesUp : bytesDown).add(n);
  }

  void received(Direction direction, long n) {
    (direction == Direction.UPSTREAM ? receivedUp : receivedDown).add(n);
  }

  void upstreamFailure() {
    upstreamFailures.increment();
  }

  void fault(ToxicType type) {
    faults[type.ordinal()].increment();
  }

  private final java.util.concurrent.ConcurrentHashMap<String, LongAdder> httpMethods =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<Integer, LongAdder> httpStatuses =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final LongAdder httpRequests = new LongAdder();
  private final LongAdder httpRaw = new LongAdder();

  void httpRequest(String method) {
    httpRequests.increment();
    httpMethods.computeIfAbsent(method, m -> new LongAdder()).increment();
  }

  void httpStatus(int status) {
    httpStatuses.computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  void httpRaw() {
    httpRaw.increment();
  }

  private HttpMetrics http() {
    Map<String, Long> methods = new java.util.TreeMap<>();
    httpMethods.forEach((k, v) -> methods.put(k, v.sum()));
    Map<Integer, Long> statuses = new java.util.TreeMap<>();
    httpStatuses.forEach((k, v) -> statuses.put(k, v.sum()));
    Map<String, Long> faults = new LinkedHashMap<>();
    for (ToxicType t : ToxicType.values()) {
      if (t.isHttp()) faults.put(t.wireName(), this.faults[t.ordinal()].sum());
    }
    return new HttpMetrics(
        httpRequests.sum(),
        Collections.unmodifiableMap(methods),
        Collections.unmodifiableMap(statuses),
        Collections.unmodifiableMap(faults),
        httpRaw.sum());
  }

  ProxyMetrics snapshot(String proxy) {
    Map<String, Long> f = new LinkedHashMap<>();
    for (ToxicType t : ToxicType.values()) f.put(t.wireName(), faults[t.ordinal()].sum());
    return new ProxyMetrics(
        proxy,
        active.sum(),
        total.sum(),
        bytesUp.sum(),
        bytesDown.sum(),
        receivedUp.sum(),
        receivedDown.sum(),
        upstreamFailures.sum(),
        Collections.unmodifiableMap(f),
        http());
  }
}
