package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import java.util.Map;

/**
 * {@code http_abort}: ends the connection of a matching request, with a reset ({@code mode=reset})
 * or a close ({@code close}): where its response would begin ({@code at=response}; the upstream got
 * the request), after the response head ({@code headers}), or after {@code body_bytes} of its body
 * ({@code body}).
 */
public final class HttpAbort extends HttpToxic {
  public static final String RESPONSE = "response";
  public static final String HEADERS = "headers";
  public static final String BODY = "body";
  public static final String RESET = "reset";
  public static final String CLOSE = "close";
  public static final Attr AT = Attr.choice("at", RESPONSE, HEADERS, BODY);
  public static final Attr BODY_BYTES = Attr.bytes("body_bytes");
  public static final Attr MODE = Attr.choice("mode", RESET, CLOSE);

  public HttpAbort() {
    super(ToxicType.HTTP_ABORT, AT, BODY_BYTES, MODE);
  }

  @Override
  protected void check(Map<String, ?> given, Map<String, Object> out) {
    if ((Long) out.get(BODY_BYTES.name()) > 0 && !BODY.equals(out.get(AT.name()))) {
      throw refuse(
          "attribute 'body_bytes' is for at=body, but at is \"" + out.get(AT.name()) + "\"");
    }
  }
}
