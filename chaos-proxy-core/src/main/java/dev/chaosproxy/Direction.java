package dev.chaosproxy;

import java.util.Locale;

/** Which way the bytes a toxic acts on travel: {@code upstream} is client → server. */
public enum Direction {
  /** Client to server: requests. */
  UPSTREAM,
  /** Server to client: responses. */
  DOWNSTREAM;

  /** The name used on the wire and in toxic names: {@code upstream} or {@code downstream}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The other direction. */
  public Direction opposite() {
    return this == UPSTREAM ? DOWNSTREAM : UPSTREAM;
  }

  /** Parses {@code upstream} or {@code downstream} (any case). */
  public static Direction parse(String text) {
    if (text != null) {
      for (Direction d : values()) {
        if (d.wireName().equalsIgnoreCase(text.trim())) return d;
      }
    }
    throw new IllegalArgumentException(
        "stream must be 'upstream' (client to server) or 'downstream' (server to client), was '"
            + text
            + "'");
  }
}
