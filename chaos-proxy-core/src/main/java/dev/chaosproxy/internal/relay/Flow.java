package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Direction;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.loop.Timer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One direction of a connection: bytes read from the source socket pass the flow's effects and
 * are written to the sink socket. With no effects and nothing queued, a read is written straight
 * from the loop's buffer; otherwise chunks queue here, bounded by a byte budget past which the
 * source is not read (so TCP pushes back on the sender). Loop thread only.
 */
final class Flow {
  private static final Effect[] NO_EFFECTS = new Effect[0];
  /** Reads per readiness event before the loop serves other connections. */
  private static final int READS_PER_EVENT = 16;

  final Connection connection;
  final Direction direction;
  private final long bufferLimit;
  private final long latencyBudget;

  private SocketChannel source;
  private SocketChannel sink;
  private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
  /** Bytes queued plus per-chunk overhead. */
  private long queued;

  private Effect[] effects = NO_EFFECTS;
  /** Whether any effect acts on the bytes: without one, reads take the direct path. */
  private boolean touched;
  private long latency;

  private boolean started;
  private boolean sourceEof;
  private boolean eofForwarded;
  private boolean sinkBlocked;
  private String closeAfterDrain;
  private Timer wake;

  private volatile long bytesWritten;
  private long bytesRead;

  Flow(Connection connection, Direction direction, long bufferLimit, long latencyBudget) {
    this.connection = connection;
    this.direction = direction;
    this.bufferLimit = bufferLimit;
    this.latencyBudget = latencyBudget;
  }

  Connection connection() {
    return connection;
  }

  long bytesWritten() {
    return bytesWritten;
  }

  boolean eofForwarded() {
    return eofForwarded;
  }

  boolean sourceEof() {
    return sourceEof;
  }

  /** Both sockets are connected: start moving bytes. */
  void start(SocketChannel source, SocketChannel sink) {
    this.source = source;
    this.sink = sink;
    this.started = true;
    drain();
  }

  void setEffects(Effect[] newEffects) {
    effects = newEffects.length == 0 ? NO_EFFECTS : newEffects;
    long sum = 0;
    boolean any = false;
    for (Effect e : effects) {
      sum += e.latency();
      any |= e.touchesData();
    }
    latency = sum;
    touched = any;
  }

  void fault(ToxicType type) {
    connection.proxy.counters.fault(type);
  }

  /** Closes the connection once what is queued has been written (limit_data). */
  void closeAfterDrain(String reason) {
    if (closeAfterDrain == null) closeAfterDrain = reason;
  }

  /** Whether the source should be read now. */
  boolean wantsRead() {
    return started && !sourceEof && closeAfterDrain == null && queued < limit();
  }

  /** Whether the sink must tell us when it can take more. */
  boolean wantsWrite() {
    return started && sinkBlocked;
  }

  private long limit() {
    return latency > 0 ? bufferLimit + latencyBudget : bufferLimit;
  }

  // ---- reading ----

  void onReadable() {
    ByteBuffer buf = connection.loop.readBuffer();
    for (int i = 0; i < READS_PER_EVENT && wantsRead(); i++) {
      buf.clear();
      boolean direct = !touched && queue.isEmpty() && !sinkBlocked;
      if (!direct) {
        // Held bytes count against the budget; a direct read is written at once, and only what
        // the sink refuses of it is kept (once, after which reading pauses).
        long room = limit() - queued;
        if (room < buf.capacity()) buf.limit((int) Math.max(1, room));
      }
      int n;
      try {
        n = source.read(buf);
      } catch (IOException e) {
        connection.peerFailed(direction == Direction.UPSTREAM ? "client" : "upstream", e);
        return;
      }
      if (n == 0) break;
      if (n < 0) {
        onSourceEof();
        if (connection.closed) return;
        break;
      }
      bytesRead += n;
      connection.proxy.counters.received(direction, n);
      buf.flip();
      if (direct) {
        if (!write(buf)) return;
        if (buf.hasRemaining()) {
          enqueue(Chunk.copyOf(buf, System.nanoTime()));
          sinkBlocked = true;
        }
        if (n < buf.capacity()) break; // the socket is most likely drained
        continue;
      }
      long now = System.nanoTime();
      Chunk chunk = Chunk.copyOf(buf, now);
      for (Effect e : effects) {
        chunk = e.onRead(chunk, now);
        if (connection.closed) return;
        if (chunk == null) break;
      }
      if (chunk != null) enqueue(chunk);
      drain();
      if (connection.closed) return;
    }
    connection.updateInterest();
  }

  private void onSourceEof() {
    sourceEof = true;
    for (Effect e : effects) {
      if (e.drops()) {
        if (e.ownsEnd()) return;
        connection.closeGracefully(side(direction) + " closed while its data was being dropped");
        return;
      }
    }
    drain();
  }

  /** Queues {@code bytes} as if just read, past the read-side effects (an injection). */
  void inject(byte[] bytes) {
    if (bytes.length == 0 || sourceEof || closeAfterDrain != null) return;
    enqueue(new Chunk(bytes.clone(), 0, bytes.length, System.nanoTime()));
    drain();
  }

  private void enqueue(Chunk chunk) {
    queue.addLast(chunk);
    queued += chunk.remaining() + Chunk.OVERHEAD;
  }

  // ---- writing ----

  void onWritable() {
    sinkBlocked = false;
    drain();
  }

  /** Called by its timer: something held is due. */
  private void onWake() {
    wake = null;
    drain();
  }

  /** Writes what the effects let through now; arranges to be called again for the rest. */
  void drain() {
    if (!started || connection.closed) return;
    long now = System.nanoTime();
    while (!queue.isEmpty() && !sinkBlocked) {
      Chunk head = queue.peekFirst();
      long due = head.holdUntil;
      if (latency > 0 || head.jitter != 0) {
        long release = head.arrival + latency + head.jitter;
        if (due == 0 || release - due > 0) due = release;
      }
      if (due != 0 && due - now > 0) {
        wakeAt(due);
        break;
      }
      long allowed = head.remaining();
      for (Effect e : effects) {
        long a = e.allow(head, now, allowed);
        if (a <= 0) {
          if (a != Effect.FOREVER) wakeAt(now - a);
          allowed = 0;
          break;
        }
        allowed = Math.min(allowed, a);
      }
      if (allowed == 0) break;
      ByteBuffer out = head.slice((int) allowed);
      if (!write(out)) return;
      int written = (int) allowed - out.remaining();
      for (Effect e : effects) {
        e.onWritten(head, written, now);
        if (connection.closed) return;
      }
      head.position += written;
      queued -= written;
      if (head.remaining() == 0) {
        queue.pollFirst();
        queued -= Chunk.OVERHEAD;
      }
      if (out.hasRemaining()) {
        sinkBlocked = true;
        break;
      }
    }
    if (queue.isEmpty()) {
      if (closeAfterDrain != null) {
        connection.closeGracefully(closeAfterDrain);
        return;
      }
      if (sourceEof && !eofForwarded) {
        long at = 0;
        for (Effect e : effects) {
          long t = e.eofAt(now);
          if (t != 0 && (at == 0 || t - at > 0)) at = t;
        }
        if (at != 0) {
          wakeAt(at);
        } else {
          forwardEof();
          if (connection.closed) return;
        }
      }
    }
    connection.updateInterest();
  }

  /** Writes to the sink; false if the connection failed (and is now closed). */
  private boolean write(ByteBuffer out) {
    int before = out.remaining();
    try {
      sink.write(out);
    } catch (IOException e) {
      connection.peerFailed(direction == Direction.UPSTREAM ? "upstream" : "client", e);
      return false;
    }
    int n = before - out.remaining();
    if (n > 0) {
      bytesWritten += n;
      connection.proxy.counters.bytes(direction, n);
    }
    return true;
  }

  private void forwardEof() {
    eofForwarded = true;
    try {
      sink.shutdownOutput();
    } catch (IOException e) {
      connection.peerFailed(direction == Direction.UPSTREAM ? "upstream" : "client", e);
      return;
    }
    connection.onEofForwarded(this);
  }

  private void wakeAt(long deadline) {
    if (wake != null) {
      if (!wake.isCancelled() && deadline - wake.deadline() >= 0) return;
      wake.cancel();
    }
    wake = connection.loop.schedule(deadline, this::onWake);
  }

  void stop() {
    if (wake != null) wake.cancel();
    wake = null;
    queue.clear();
    queued = 0;
  }

  private static String side(Direction d) {
    return d == Direction.UPSTREAM ? "client" : "upstream";
  }
}
