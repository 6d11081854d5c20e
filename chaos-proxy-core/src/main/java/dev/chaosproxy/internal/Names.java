package dev.chaosproxy.internal;

import java.util.regex.Pattern;

/**
 * The one rule for proxy and toxic names: they stand in API paths, so they must survive one
 * unchanged.
 */
public final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern DOTS = Pattern.compile("\\.+");

  /** What a name may be made of, for messages. */
  public static final String RULE =
      "1 to 128 letters, digits, '.', '_', ':' or '-', and not dots alone";

  private Names() {}

  /**
   * Returns {@code name} if it is a valid name of a {@code kind} ({@code proxy}, {@code toxic}).
   * Names of dots alone are refused: {@code .} and {@code ..} are normalized away in a URL path, so
   * {@code DELETE /proxies/p/toxics/..} would name the proxy instead.
   *
   * @throws IllegalArgumentException saying what a name may be made of
   */
  public static String check(String kind, String name) {
    if (name == null || !NAME.matcher(name).matches() || DOTS.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a " + kind + " name is " + RULE + ", was " + (name == null ? "null" : "'" + name + "'"));
    }
    return name;
  }

  /** Whether {@link #check} accepts {@code name}. */
  public static boolean valid(String name) {
    return name != null && NAME.matcher(name).matches() && !DOTS.matcher(name).matches();
  }
}
