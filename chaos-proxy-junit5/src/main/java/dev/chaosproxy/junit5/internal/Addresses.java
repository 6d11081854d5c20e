package dev.chaosproxy.junit5.internal;

/** Checks of {@code host:port} strings, with messages that say where the value came from. */
final class Addresses {
  private Addresses() {}

  /**
   * Returns {@code hostPort} trimmed if it is a valid upstream, else throws saying why.
   *
   * @param from where the value came from when it is not literal ({@code 'localhost:${pg.port}'}),
   *     or null
   */
  static String checkUpstream(String hostPort, String from) {
    String s = hostPort == null ? "" : hostPort.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException(
          "upstream "
              + (from == null ? "" : "from " + from + " ")
              + "is empty; write host:port, like localhost:5432");
    }
    int colon = s.lastIndexOf(':');
    String host = colon > 0 ? s.substring(0, colon) : "";
    String port = colon > 0 ? s.substring(colon + 1) : "";
    String where = "upstream '" + hostPort + "'" + (from == null ? "" : " (from " + from + ")");
    if (host.isEmpty() || host.contains(" ") || host.contains("/")) {
      throw new IllegalArgumentException(
          where + " is not host:port; write it like localhost:5432 or [::1]:5432");
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          where + " has no port number; write it like localhost:5432");
    }
    if (p < 1 || p > 65535)
      throw new IllegalArgumentException(where + ": the port must be between 1 and 65535");
    return s;
  }
}
