package dev.chaosproxy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of fault a proxy can inject. Wire names are Toxiproxy's where Toxiproxy has the toxic;
 * the attributes each type takes are listed in the README's chaos table.
 */
public enum ToxicType {
  /**
   * Delay every chunk by {@code latency ± jitter} ms; chunks are pipelined, so throughput survives.
   */
  LATENCY("latency"),
  /**
   * Cap the rate: {@code rate} in KB/s (1000 bytes, Toxiproxy) or {@code rate_bytes} in bytes/s.
   */
  BANDWIDTH("bandwidth"),
  /** Cut writes into {@code average_size ± size_variation} byte pieces, {@code delay} µs apart. */
  SLICER("slicer"),
  /**
   * Per read, with {@code probability}: inject random bytes ({@code mode=inject}) or flip a bit.
   */
  CORRUPT("corrupt"),
  /** Per read or write, with {@code probability}: reset the connection. */
  TERMINATE("terminate"),
  /** Drop all data; close the connection after {@code timeout} ms (0: never). */
  TIMEOUT("timeout"),
  /** Once data flows, reset the connection after {@code timeout} ms. */
  RESET_PEER("reset_peer"),
  /** Delay the close (FIN) by {@code delay} ms. */
  SLOW_CLOSE("slow_close"),
  /** Close the connection after {@code bytes} bytes. */
  LIMIT_DATA("limit_data"),
  /** Reset the connection {@code duration} ms after it opened. */
  SESSION_LIMIT("session_limit"),
  /** Per chunk, with {@code probability}: hold it (and what follows) for {@code duration} ms. */
  STALL("stall"),
  /** Delay the connect to the upstream by {@code delay} ms. */
  SLOW_CONNECT("slow_connect"),
  /**
   * Per chunk, lose it with {@code loss_rate} (plus {@code correlation} right after a loss): held
   * for a retransmission timeout that doubles with each loss in a row, or dropped with {@code
   * mode=drop} (Toxiproxy's behaviour).
   */
  PACKET_LOSS("packet_loss"),
  /**
   * HTTP proxies only, per matching request: answer {@code status} with {@code headers} and {@code
   * body} instead of the upstream ({@code forward=true}: forward it and replace the answer).
   */
  HTTP_RESPOND("http_respond"),
  /**
   * HTTP proxies only, per matching request: wait {@code delay} ms before forwarding the request
   * ({@code at=request}), before the response head ({@code response}) or after {@code body_bytes}
   * of the response body ({@code body}).
   */
  HTTP_DELAY("http_delay"),
  /**
   * HTTP proxies only, per matching request: end the connection ({@code mode=reset|close}) where
   * the response would begin ({@code at=response}), after its head ({@code headers}) or after
   * {@code body_bytes} of its body ({@code body}).
   */
  HTTP_ABORT("http_abort"),
  /** HTTP proxies only: cap a matching message's body to {@code rate} KB/s. */
  HTTP_THROTTLE("http_throttle"),
  /** HTTP proxies only: change each body byte with {@code probability}; its length is kept. */
  HTTP_CORRUPT("http_corrupt"),
  /**
   * HTTP proxies only: in a matching message's head, {@code remove} fields and {@code set} ones.
   */
  HTTP_HEADER("http_header");

  private final String wireName;

  ToxicType(String wireName) {
    this.wireName = wireName;
  }

  /** Whether it acts on HTTP requests and responses (an HTTP proxy's), not on the byte stream. */
  public boolean isHttp() {
    return wireName.startsWith("http_");
  }

  /** The name used on the wire, e.g. {@code reset_peer}. */
  public String wireName() {
    return wireName;
  }

  /** Parses a wire name such as {@code latency} or {@code reset_peer}. */
  public static ToxicType parse(String text) {
    if (text != null) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      for (ToxicType type : values()) {
        if (type.wireName.equals(t)) return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown toxic type '"
            + text
            + "'; valid types: "
            + Arrays.stream(values()).map(ToxicType::wireName).collect(Collectors.joining(", ")));
  }
}
