package dev.chaosproxy.internal.loop;

import java.nio.channels.SelectionKey;

/** What a selection key's attachment does when its channel is ready. */
public interface IoHandler {
  /** Called on the loop's thread with the key's ready operations. */
  void ready(SelectionKey key, int readyOps);

  /** Called when {@link #ready} threw: the handler should release what it holds. */
  void failed(Throwable error);

  /**
   * The loop is recovering from an error (an {@link OutOfMemoryError}, say): end what this handler
   * owns at once, with a reset, so its memory is freed. Must not log or allocate much.
   */
  default void reset(String reason) {}
}
