package dev.chaosproxy.junit5.internal;

/**
 * An upstream that is not known yet (a container not started, a placeholder not defined, a
 * supplier that returned null): the proxy waits unbound and is bound once it is known; the test
 * fails with this message if it is still unknown when the test method starts.
 */
public final class Pending extends Exception {
  public Pending(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
