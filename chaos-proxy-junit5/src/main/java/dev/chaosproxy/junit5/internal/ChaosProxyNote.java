package dev.chaosproxy.junit5.internal;

/**
 * Added as a suppressed exception to a failure of a test with proxies: the run's seed (to replay
 * the chaos) and the state of each proxy, or why a proxy had no upstream yet.
 */
public final class ChaosProxyNote extends RuntimeException {
  public ChaosProxyNote(String message) {
    super(message, null, false, false);
  }
}
