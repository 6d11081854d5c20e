package dev.chaosproxy.internal.cli;

import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.Version;
import dev.chaosproxy.internal.api.ApiServer;
import dev.chaosproxy.internal.api.StartingApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;

/**
 * The control API's socket, bound before anything else loads (logging, Jackson, the proxies), and
 * served at once by a {@link StartingApi}: a client that connects while the process starts gets
 * {@code /version} answered and its other calls held until the API is up, instead of being refused
 * or reset (as Docker's port proxy does to connections it cannot pass on). A listening socket
 * handed over as standard input (inetd style, by a launcher) is used as it is.
 */
final class EarlyListener {
  private final ServerSocketChannel channel;
  private final StartingApi api;
  private final RuntimeException failure;
  private final boolean inherited;

  private EarlyListener(
      ServerSocketChannel channel, StartingApi api, RuntimeException failure, boolean inherited) {
    this.channel = channel;
    this.api = api;
    this.failure = failure;
    this.inherited = inherited;
  }

  /** None: the API binds when it starts (in-process runs of {@link Main#run}). */
  static EarlyListener none() {
    return new EarlyListener(null, null, null, false);
  }

  /**
   * Binds the address {@code --api} names in {@code args} (default 127.0.0.1:8474), or takes an
   * inherited listening socket, and serves it. Flags it cannot read are left for the real parse to
   * report.
   */
  static EarlyListener bind(String[] args, Map<String, String> env) {
    String api = Options.DEFAULT_API;
    // A token may come from the environment, a flag or an @argument file: then nothing is
    // answered before the start has read it.
    boolean tokenPossible = env.get("CHAOS_PROXY_API_TOKEN") != null;
    // Proxies from flags or --config: then /version answers once they listen, as a client that
    // waited for it connects to them next.
    boolean proxiesToStart = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version"))
        return none();
      if (a.equals("--api") && i + 1 < args.length) api = args[i + 1];
      else if (a.startsWith("--api=")) api = a.substring("--api=".length());
      if (a.startsWith("--api-token") || a.startsWith("@")) tokenPossible = true;
      if (declaresProxy(a) || a.startsWith("@")) proxiesToStart = true;
    }
    String host;
    InetSocketAddress address;
    try {
      host = HostPort.host(api);
      address = HostPort.listen(api);
    } catch (IllegalArgumentException e) {
      host = null;
      address = null; // the parse says what is wrong
    }
    ServerSocketChannel channel = inheritedChannel();
    boolean inherited = channel != null;
    if (!inherited) {
      if (address == null) return none();
      try {
        channel = ApiServer.bind(address);
      } catch (UncheckedIOException e) {
        return new EarlyListener(null, null, e, false);
      }
    }
    return new EarlyListener(
        channel,
        StartingApi.serve(channel, host, !tokenPossible && !proxiesToStart, Version.get()),
        null,
        inherited);
  }

  /**
   * Whether {@code arg} is a flag that makes a proxy at the start (long, short, or short with its
   * value attached).
   */
  private static boolean declaresProxy(String arg) {
    for (String f : new String[] {"--listen", "--upstream", "--proxy", "--config"})
      if (arg.startsWith(f)) return true;
    return !arg.startsWith("--")
        && (arg.startsWith("-l") || arg.startsWith("-c") || arg.startsWith("-p"));
  }

  private static ServerSocketChannel inheritedChannel() {
    try {
      Channel in = System.inheritedChannel();
      if (in instanceof ServerSocketChannel s) return s;
    } catch (IOException | SecurityException e) {
      // no inherited socket: bind our own
    }
    return null;
  }

  /** The API already serving {@code address}, or null when the API should bind it itself. */
  StartingApi take(InetSocketAddress address) {
    if (failure != null) throw failure;
    if (api == null) return null;
    if (inherited) return api;
    InetSocketAddress bound = api.address();
    if (bound.getAddress().equals(address.getAddress())
        && (address.getPort() == 0 || bound.getPort() == address.getPort())) {
      return api;
    }
    close(); // the flags name another address after all
    return null;
  }

  /** The start failed: requests held meanwhile are answered 503 with {@code why}. */
  void fail(String why) {
    if (api != null) api.fail(why);
  }

  boolean inherited() {
    return inherited;
  }

  /**
   * Stops serving and releases the socket when the API never took it (bad flags, a failed start).
   */
  void close() {
    if (api != null) api.close();
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
