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
  PACKET_LOSS("packet_loss");

  private final String wireName;

  ToxicType(String wireName) {
    this.wireName = wireName;
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
