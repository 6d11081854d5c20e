package dev.chaosproxy.bench;

import java.io.IOException;
import java.nio.channels.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sockets one measurement opened, so that they are all closed at its end, on failure, and by
 * the watchdog when a target stops answering (closing a channel unblocks a thread stuck in it).
 */
final class SocketRegistry implements AutoCloseable {
  private final Set<Channel> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  <C extends Channel> C add(C channel) {
    open.add(channel);
    if (closed) closeQuietly(channel);
    return channel;
  }

  void closeAndRemove(Channel channel) {
    closeQuietly(channel);
    open.remove(channel);
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    for (Channel c : open) closeQuietly(c);
    open.clear();
  }

  static void closeQuietly(Channel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
