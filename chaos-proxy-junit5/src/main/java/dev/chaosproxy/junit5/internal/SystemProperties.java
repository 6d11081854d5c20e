package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.internal.HostPort;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Publishes a proxy's address as {@code chaos-proxy.NAME.host/port/address} and restores the
 * previous values. System properties belong to the JVM, not to a test, so this guard is JVM-wide: a
 * second live proxy publishing the same name (a test running in parallel) fails instead of silently
 * redirecting the other test's client.
 */
final class SystemProperties implements AutoCloseable {
  private static final ConcurrentHashMap<String, SystemProperties> PUBLISHED =
      new ConcurrentHashMap<>();

  private final String name;
  private final String owner;
  private final Map<String, String> previous = new LinkedHashMap<>();
  private boolean closed;

  private SystemProperties(String name, String owner) {
    this.name = name;
    this.owner = owner;
  }

  static String prefix(String name) {
    return "chaos-proxy." + name + ".";
  }

  /**
   * Sets the properties for proxy {@code name} of {@code owner}, or fails if another live proxy
   * holds them.
   */
  static SystemProperties publish(String name, String host, int port, String owner) {
    SystemProperties p = new SystemProperties(name, owner);
    SystemProperties other = PUBLISHED.putIfAbsent(name, p);
    if (other != null) {
      throw new ExtensionConfigurationException(
          "cannot publish "
              + prefix(name)
              + "host/port/address for proxy '"
              + name
              + "' of "
              + owner
              + ": proxy '"
              + name
              + "' of "
              + other.owner
              + " holds them and is still running. System "
              + "properties are global to the JVM, so tests that publish the same proxy name must not run at the same time: "
              + "annotate them with @ResourceLock(Resources.SYSTEM_PROPERTIES) (or @Isolated), or give the proxies different names");
    }
    p.set("host", host);
    p.set("port", Integer.toString(port));
    p.set("address", HostPort.format(host, port));
    return p;
  }

  private void set(String suffix, String value) {
    String key = prefix(name) + suffix;
    previous.put(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  /** Restores the previous values (clearing those that were unset). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    previous.forEach(
        (k, v) -> {
          if (v == null) System.clearProperty(k);
          else System.setProperty(k, v);
        });
    PUBLISHED.remove(name, this);
  }
}
