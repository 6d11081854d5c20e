package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;

/**
 * {@code http_throttle}: caps the body of a matching exchange to {@code rate} KB/s: the response's
 * downstream, the request's upstream.
 */
public final class HttpThrottle extends HttpToxic {
  public static final Attr RATE = Attr.kilobytesPerSecond("rate");

  public HttpThrottle() {
    super(ToxicType.HTTP_THROTTLE, RATE);
  }
}
