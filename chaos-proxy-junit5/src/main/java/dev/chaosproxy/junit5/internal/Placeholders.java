package dev.chaosproxy.junit5.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Resolves {@code ${key}} and {@code ${key:default}} in an upstream: system properties, then JUnit
 * configuration parameters, then the environment as {@code key} and as {@code KEY} with dots and
 * dashes turned into underscores ({@code pg.port} → {@code PG_PORT}).
 */
public final class Placeholders {
  private final Function<String, String> systemProperties;
  private final Function<String, Optional<String>> configuration;
  private final Map<String, String> environment;

  /**
   * Thrown for a placeholder nothing defines; it may become defined later (a system property set in
   * {@code @BeforeAll}).
   */
  public static final class Unresolved extends Exception {
    public Unresolved(String message) {
      super(message, null, false, false);
    }
  }

  public Placeholders(
      Function<String, String> systemProperties,
      Function<String, Optional<String>> configuration,
      Map<String, String> environment) {
    this.systemProperties = systemProperties;
    this.configuration = configuration;
    this.environment = environment;
  }

  /** Whether {@code text} has a placeholder. */
  public static boolean has(String text) {
    return text.contains("${");
  }

  /**
   * {@code text} with its placeholders replaced.
   *
   * @throws IllegalArgumentException for a malformed placeholder (unclosed, empty key)
   * @throws Unresolved for a key no source defines and that has no default
   */
  public String resolve(String text) throws Unresolved {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (true) {
      int start = text.indexOf("${", i);
      if (start < 0) break;
      int end = text.indexOf('}', start);
      if (end < 0) {
        throw new IllegalArgumentException(
            "the placeholder at position "
                + start
                + " of '"
                + text
                + "' is not closed; write ${key} or ${key:default}");
      }
      out.append(text, i, start);
      String body = text.substring(start + 2, end);
      int colon = body.indexOf(':');
      String key = (colon < 0 ? body : body.substring(0, colon)).trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException(
            "'" + text + "' has a placeholder without a key; write ${key} or ${key:default}");
      }
      String value = lookup(key);
      if (value == null) {
        if (colon < 0) {
          throw new Unresolved(
              "placeholder ${"
                  + key
                  + "} in '"
                  + text
                  + "' is not a system property, "
                  + "a JUnit configuration parameter or an environment variable ("
                  + key
                  + (envName(key).equals(key) ? "" : " or " + envName(key))
                  + "); define it, or give a default: ${"
                  + key
                  + ":value}");
        }
        value = body.substring(colon + 1);
      }
      out.append(value);
      i = end + 1;
    }
    return out.append(text.substring(i)).toString();
  }

  private String lookup(String key) {
    String p = systemProperties.apply(key);
    if (p != null) return p;
    Optional<String> v = configuration.apply(key);
    if (v.isPresent()) return v.get();
    String env = environment.get(key);
    if (env != null) return env;
    return environment.get(envName(key));
  }

  static String envName(String key) {
    return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
