package dev.chaosproxy.samples.servers;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One server for the whole test run, kept in the root store, with the system properties that say
 * where it is, restored when it stops. JUnit (5.13 and later) closes it when the run ends; before
 * that, and when the JVM is stopped early, the server's shutdown hook stops it.
 */
final class Shared<S extends AutoCloseable> implements AutoCloseable {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Shared.class);

  /** Starts a server, or fails saying why. */
  interface Starter<S> {
    S start() throws Exception;
  }

  final S server;
  private final Map<String, String> previous = new HashMap<>();

  private Shared(S server, Map<String, String> properties) {
    this.server = server;
    properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
  }

  /** The run's server of {@code type}, started by {@code starter} for the first test class that asks. */
  @SuppressWarnings("unchecked")
  static <S extends AutoCloseable> S get(ExtensionContext context, Class<S> type, Starter<S> starter,
      Function<S, Map<String, String>> properties) {
    Shared<S> shared = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(type, key -> {
      S server;
      try {
        server = starter.start();
      } catch (Exception e) {
        throw new ExtensionConfigurationException("cannot start " + type.getSimpleName() + ": " + e.getMessage(), e);
      }
      return new Shared<>(server, new LinkedHashMap<>(properties.apply(server)));
    }, Shared.class);
    return shared.server;
  }

  @Override
  public void close() {
    previous.forEach((key, value) -> {
      if (value == null) System.clearProperty(key);
      else System.setProperty(key, value);
    });
    try {
      server.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop " + server + ": " + e.getMessage(), e);
    }
  }
}
