package dev.chaosproxy.internal.loop;

import java.nio.channels.SelectionKey;

/** What a selection key's attachment does when its channel is ready. */
public interface IoHandler {
  /** Called on the loop's thread with the key's ready operations. */
  void ready(SelectionKey key, int readyOps);

  /** Called when {@link #ready} threw: the handler should release what it holds. */
  void failed(Throwable error);
}
