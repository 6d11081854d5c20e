package dev.chaosproxy.internal.chaos.toxics;

import dev.chaosproxy.Toxic;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.Attr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code http_header}: in the head of a matching exchange (the response's downstream, the request's
 * upstream), removes the fields named in {@code remove} (comma-separated) and sets those of {@code
 * set} (replacing fields of the same name).
 */
public final class HttpHeader extends HttpToxic {
  public static final Attr SET = Attr.headers("set");
  public static final Attr REMOVE = Attr.text("remove");

  public HttpHeader() {
    super(ToxicType.HTTP_HEADER, SET, REMOVE);
  }

  /** The field names {@code toxic} removes. */
  public static List<String> removed(Toxic toxic) {
    return names(REMOVE.string(toxic));
  }

  private static List<String> names(String text) {
    List<String> out = new ArrayList<>();
    for (String n : text.split(",", -1)) if (!n.isBlank()) out.add(n.trim());
    return out;
  }

  @Override
  protected void check(Map<String, ?> given, Map<String, Object> out) {
    @SuppressWarnings("unchecked")
    Map<String, String> set = (Map<String, String>) out.get(SET.name());
    List<String> remove = names((String) out.get(REMOVE.name()));
    if (set.isEmpty() && remove.isEmpty()) {
      throw refuse("give 'set' (fields to add) or 'remove' (names to drop), or both");
    }
    noFraming("set", set.keySet());
    noFraming("remove", remove);
  }
}
