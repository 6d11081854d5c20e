package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.internal.http.HttpMatch;
import dev.chaosproxy.internal.relay.HttpFaultEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the HTTP toxic types share: the matcher attributes that pick requests ({@code method},
 * {@code path}, {@code path_regex}, {@code header}) and {@code first}, the number of matching
 * requests it acts on (0: all). Their toxicity is the fraction of matching requests.
 */
public abstract class HttpToxic extends ToxicDescriptor {
  public static final Attr METHOD = Attr.text("method");
  public static final Attr PATH = Attr.text("path");
  public static final Attr PATH_REGEX = Attr.text("path_regex");
  public static final Attr HEADER = Attr.text("header");
  public static final Attr FIRST = Attr.count("first");

  protected HttpToxic(ToxicType type, Attr... own) {
    super(type, HttpFaultEffect::new, with(own));
  }

  private static Attr[] with(Attr... own) {
    List<Attr> all = new ArrayList<>(List.of(METHOD, PATH, PATH_REGEX, HEADER, FIRST));
    all.addAll(List.of(own));
    return all.toArray(new Attr[0]);
  }

  /**
   * Refuses the HTTP toxics among {@code toxics} for proxy {@code proxy}, which relays plain TCP;
   * the message ends with {@code howTo}, the way to make an HTTP proxy where the caller is.
   */
  public static void refuseOnTcp(String proxy, Iterable<Toxic> toxics, String howTo) {
    for (Toxic t : toxics) {
      if (t.type().isHttp()) {
        throw new IllegalArgumentException(
            "toxic '"
                + t.name()
                + "' ("
                + t.type().wireName()
                + ") acts on HTTP requests, but proxy '"
                + proxy
                + "' relays plain TCP: "
                + howTo);
      }
    }
  }

  /** The requests {@code toxic} is for. */
  public static HttpMatch match(Toxic toxic) {
    return HttpMatch.of(
        METHOD.string(toxic), PATH.string(toxic), PATH_REGEX.string(toxic), HEADER.string(toxic));
  }

  @Override
  protected final void crossCheck(Map<String, ?> given, Map<String, Object> out) {
    try {
      HttpMatch.of(
          (String) out.get(METHOD.name()),
          (String) out.get(PATH.name()),
          (String) out.get(PATH_REGEX.name()),
          (String) out.get(HEADER.name()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(type().wireName() + " toxic: " + e.getMessage(), e);
    }
    check(given, out);
  }

  /** Checks this type's own attributes against each other. */
  protected void check(Map<String, ?> given, Map<String, Object> out) {}

  /** A message naming this type. */
  protected final IllegalArgumentException refuse(String why) {
    return new IllegalArgumentException(type().wireName() + " toxic: " + why);
  }

  /** Refuses {@code fields} naming a framing header (Content-Length, Transfer-Encoding). */
  protected final void noFraming(String attribute, Iterable<String> fields) {
    for (String f : fields) {
      if (dev.chaosproxy.internal.http.HeadEdit.FRAMING.contains(
          f.trim().toLowerCase(java.util.Locale.ROOT))) {
        throw refuse(
            "attribute '"
                + attribute
                + "' cannot name "
                + f.trim()
                + ": it frames the body, which the proxy forwards as it came");
      }
    }
  }
}
