package dev.chaosproxy.junit5.internal;

/**
 * What resolving a declared upstream gave: the {@code host:port} to forward to, or why it is not
 * known yet (a container not started, a placeholder not defined, a supplier that returned null). A
 * pending upstream leaves the proxy unbound until it is known; the test fails with {@link #why()}
 * if it is still unknown when the test method starts.
 */
record Resolved(String hostPort, String why, Throwable cause) {
  /** No upstream: nothing to bind ({@link Upstream#none()}). */
  static final Resolved NONE = new Resolved(null, null, null);

  static Resolved known(String hostPort) {
    return new Resolved(hostPort, null, null);
  }

  static Resolved pending(String why, Throwable cause) {
    return new Resolved(null, why, cause);
  }

  boolean isPending() {
    return why != null;
  }
}
