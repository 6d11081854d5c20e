package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import java.util.Map;

/**
 * {@code http_respond}: answers a matching request with {@code status}, {@code headers} and {@code
 * body}. By default the request is not forwarded; with {@code forward=true} it is, and the
 * upstream's answer is replaced.
 */
public final class HttpRespond extends HttpToxic {
  public static final Attr STATUS = Attr.status("status");
  public static final Attr HEADERS = Attr.headers("headers");
  public static final Attr BODY = Attr.text("body");
  public static final Attr FORWARD = Attr.flag("forward");

  public HttpRespond() {
    super(ToxicType.HTTP_RESPOND, STATUS, HEADERS, BODY, FORWARD);
  }

  @Override
  protected void check(Map<String, ?> given, Map<String, Object> out) {
    long status = (Long) out.get(STATUS.name());
    if (status < 200) {
      throw refuse(
          "attribute 'status' must be a final status, 200..599, was "
              + status
              + " (a 1xx is not an answer)");
    }
    @SuppressWarnings("unchecked")
    Map<String, String> headers = (Map<String, String>) out.get(HEADERS.name());
    noFraming("headers", headers.keySet());
  }
}
