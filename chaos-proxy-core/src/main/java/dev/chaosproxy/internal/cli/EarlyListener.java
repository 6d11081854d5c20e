package dev.chaosproxy.internal.cli;

import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.api.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;

/**
 * The control API's socket, bound before anything else loads (logging, Jackson, the proxies), so
 * that a client that connects while the process starts waits in the backlog and is answered once
 * the API is up, instead of being refused or reset (as Docker's port proxy does to connections it
 * cannot pass on). A listening socket handed over as standard input (inetd style, by a launcher)
 * is used as it is.
 */
final class EarlyListener {
  private final ServerSocketChannel channel;
  private final RuntimeException failure;
  private final boolean inherited;

  private EarlyListener(ServerSocketChannel channel, RuntimeException failure, boolean inherited) {
    this.channel = channel;
    this.failure = failure;
    this.inherited = inherited;
  }

  /** None: the API binds when it starts (in-process runs of {@link Main#run}). */
  static EarlyListener none() {
    return new EarlyListener(null, null, false);
  }

  /**
   * Binds the address {@code --api} names in {@code args} (default 127.0.0.1:8474), or takes an
   * inherited listening socket. Flags it cannot read are left for the real parse to report.
   */
  static EarlyListener bind(String[] args) {
    try {
      Channel in = System.inheritedChannel();
      if (in instanceof ServerSocketChannel s) return new EarlyListener(s, null, true);
    } catch (IOException | SecurityException e) {
      // no inherited socket: bind our own
    }
    String api = Options.DEFAULT_API;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return none();
      if (a.equals("--api") && i + 1 < args.length) api = args[i + 1];
      else if (a.startsWith("--api=")) api = a.substring("--api=".length());
    }
    InetSocketAddress address;
    try {
      address = HostPort.listen(api);
    } catch (IllegalArgumentException e) {
      return none(); // the parse says what is wrong
    }
    try {
      return new EarlyListener(ApiServer.bind(address), null, false);
    } catch (UncheckedIOException e) {
      return new EarlyListener(null, e, false);
    }
  }

  /** The bound socket for {@code address}, or null when the API should bind it itself. */
  ServerSocketChannel take(InetSocketAddress address) {
    if (failure != null) throw failure;
    if (channel == null) return null;
    if (inherited) return channel;
    try {
      InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
      if (bound.getAddress().equals(address.getAddress()) && (address.getPort() == 0 || bound.getPort() == address.getPort())) {
        return channel;
      }
    } catch (IOException e) {
      // not usable: bind again
    }
    close();
    return null;
  }

  boolean inherited() {
    return inherited;
  }

  /** Releases the socket when the API never took it (bad flags, --help). */
  void close() {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
