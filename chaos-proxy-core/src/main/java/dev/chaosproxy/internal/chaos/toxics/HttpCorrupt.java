package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;

/**
 * {@code http_corrupt}: changes each body byte of a matching exchange with {@code probability} (the
 * response's downstream, the request's upstream); lengths and chunk framing are kept.
 */
public final class HttpCorrupt extends HttpToxic {
  public static final Attr PROBABILITY = Attr.probability("probability").defaultsTo(null);

  public HttpCorrupt() {
    super(ToxicType.HTTP_CORRUPT, PROBABILITY);
  }
}
