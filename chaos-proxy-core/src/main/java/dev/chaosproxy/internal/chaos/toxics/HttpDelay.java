package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import java.util.Map;

/**
 * {@code http_delay}: holds a matching exchange for {@code delay} ms: before its request is
 * forwarded ({@code at=request}), before its response head ({@code response}), or after {@code
 * body_bytes} of the response body ({@code body}).
 */
public final class HttpDelay extends HttpToxic {
  public static final String REQUEST = "request";
  public static final String RESPONSE = "response";
  public static final String BODY = "body";
  public static final Attr DELAY = Attr.milliseconds("delay");
  public static final Attr AT = Attr.choice("at", RESPONSE, REQUEST, BODY);
  public static final Attr BODY_BYTES = Attr.bytes("body_bytes");

  public HttpDelay() {
    super(ToxicType.HTTP_DELAY, DELAY, AT, BODY_BYTES);
  }

  @Override
  protected void check(Map<String, ?> given, Map<String, Object> out) {
    if ((Long) out.get(BODY_BYTES.name()) > 0 && !BODY.equals(out.get(AT.name()))) {
      throw refuse(
          "attribute 'body_bytes' is for at=body, but at is \"" + out.get(AT.name()) + "\"");
    }
  }
}
