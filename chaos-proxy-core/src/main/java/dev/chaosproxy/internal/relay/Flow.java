package dev.chaosproxy.internal.relay;

import dev.chaosproxy.Direction;
import dev.chaosproxy.ToxicType;
import dev.chaosproxy.internal.chaos.TriggerSpec;
import dev.chaosproxy.internal.loop.Timer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One direction of a connection: bytes read from the source socket pass the flow's effects and are
 * written to the sink socket. With no effects and nothing queued, a read is written straight from
 * the loop's buffer; otherwise chunks queue here. What a flow holds is bounded twice: by its own
 * cap ({@code bufferLimit}, or with a latency toxic the engine's share, optionally capped by an
 * explicit {@code latencyBudget}) and by the engine's {@link MemoryBudget}, which it reserves
 * before each read. Past either the source is not read, so TCP pushes back on the sender. Loop
 * thread only.
 */
public final class Flow {
  private static final Effect[] NO_EFFECTS = new Effect[0];

  /** Reads per readiness event before the loop serves other connections. */
  private static final int READS_PER_EVENT = 16;

  final Connection connection;
  final Direction direction;
  private final long bufferLimit;

  /** An explicit per-flow cap on delayed bytes, or -1: the engine's share decides. */
  private final long latencyBudget;

  private final MemoryBudget budget;

  private SocketChannel source;
  private SocketChannel sink;
  private final ArrayDeque<Chunk> queue = new ArrayDeque<>();

  /** What the queued chunks count against the budget: their arrays plus per-chunk overhead. */
  private long queued;

  /**
   * What this direction's HTTP side holds of a message head (its own copy and the tracker's),
   * counted against the budget like queued bytes but not against this flow's own cap.
   */
  private long headHeld;

  private boolean stopped;

  private static final Gate[] NO_GATES = new Gate[0];

  private Effect[] effects = NO_EFFECTS;

  /** Triggers waiting for their point in this flow's bytes. */
  private Gate[] gates = NO_GATES;

  /**
   * Whether any effect acts on the bytes or a gate looks at them: without one, reads take the
   * direct path.
   */
  private boolean touched;

  /** The offset of the bytes being passed through the effects, or -1 outside a read. */
  private long passing = -1;

  /** Where the last gate fired. */
  private long firedAt;

  private long latency;

  /** This direction's HTTP side on an HTTP proxy, else null. */
  private HttpSession.Side http;

  private boolean started;
  private boolean sourceEof;
  private boolean eofForwarded;
  private boolean sinkBlocked;
  private String closeAfterDrain;
  private boolean resetAfterDrain;
  private Timer wake;
  private Timer budgetWait;

  private volatile long bytesWritten;
  private long bytesRead;

  Flow(
      Connection connection,
      Direction direction,
      long bufferLimit,
      long latencyBudget,
      MemoryBudget budget) {
    this.connection = connection;
    this.direction = direction;
    this.bufferLimit = bufferLimit;
    this.latencyBudget = latencyBudget;
    this.budget = budget;
  }

  /** Bytes held now, with per-chunk overhead (for tests). */
  long queued() {
    return queued;
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

  void http(HttpSession.Side side) {
    this.http = side;
  }

  /** Both sockets are connected: start moving bytes. */
  void start(SocketChannel source, SocketChannel sink) {
    this.source = source;
    this.sink = sink;
    this.started = true;
    drain();
  }

  void setEffects(Effect[] newEffects, Gate[] newGates) {
    effects = newEffects.length == 0 ? NO_EFFECTS : newEffects;
    gates = newGates.length == 0 ? NO_GATES : newGates;
    long sum = 0;
    boolean any = gates.length > 0;
    for (Effect e : effects) {
      sum += e.latency();
      any |= e.touchesData();
    }
    latency = sum;
    touched = any;
  }

  /** A trigger's watch over this flow's bytes: it calls {@code open} where the point passes. */
  static final class Gate {
    final TriggerSpec.Scanner scanner;
    final Runnable open;

    Gate(TriggerSpec.Scanner scanner, Runnable open) {
      this.scanner = scanner;
      this.open = open;
    }
  }

  /**
   * A gate for {@code spec}'s point in this flow, counting from the bytes read so far; null when
   * that point has passed already (an offset behind us).
   */
  Gate gate(TriggerSpec spec, Runnable open) {
    TriggerSpec.Scanner scanner = spec.scanner(bytesRead);
    if (scanner.fired()) {
      firedAt = bytesRead;
      return null;
    }
    return new Gate(scanner, open);
  }

  /** The offset at which the last gate fired. */
  long firedAt() {
    return firedAt;
  }

  /** The offset of the byte being acted on: within a read, the chunk's; else the bytes read. */
  long offset() {
    return passing >= 0 ? passing : bytesRead;
  }

  void fault(ToxicType type) {
    connection.proxy.counters.fault(type);
  }

  /** Closes the connection once what is queued has been written (limit_data). */
  void closeAfterDrain(String reason) {
    closeAfterDrain(reason, false);
  }

  /** Ends the connection once what is queued has been written: with a reset when {@code reset}. */
  void closeAfterDrain(String reason, boolean reset) {
    if (closeAfterDrain != null) return;
    closeAfterDrain = reason;
    resetAfterDrain = reset;
  }

  /** Whether the source should be read now. */
  boolean wantsRead() {
    if (!readable()) return false;
    if (mayRead()) return true;
    // past its share with nothing queued, only holding a head: no write of ours will call us back
    if (queued == 0 && headHeld > 0) lookAgain();
    return false;
  }

  /** Whether the source should be read now, the budget aside. */
  private boolean readable() {
    return started && !sourceEof && closeAfterDrain == null && (http == null || !http.backlogged());
  }

  private boolean mayRead() {
    return budget.mayRead(queued + headHeld, cap() + headHeld);
  }

  /**
   * How long a flow that only holds a head waits on the budget before its head passes as raw TCP:
   * while it waits it reads nothing, so it would not even see its client close.
   */
  private static final long HEAD_WAIT = 50_000_000L;

  private void lookAgain() {
    if (budgetWait != null || connection.closed) return;
    budgetWait = connection.loop.schedule(connection.loop.nanoTime() + HEAD_WAIT, this::onHeadWait);
  }

  private void onHeadWait() {
    budgetWait = null;
    if (connection.closed) return;
    if (readable() && queued == 0 && headHeld > 0 && !mayRead()) {
      http.overBudget(); // both directions' held bytes are queued now
      connection.up.drain();
      if (connection.closed) return;
      connection.down.drain();
    } else {
      connection.updateInterest();
    }
  }

  /** Bytes held now beyond this flow's own cap: its reader should wait (an HTTP side asks). */
  boolean overCap() {
    return queued > bufferLimit;
  }

  /** Whether the sink must tell us when it can take more. */
  boolean wantsWrite() {
    return started && sinkBlocked;
  }

  /**
   * What this flow may hold by itself: with a latency toxic, the emulated link's bytes in flight
   * (latency × rate), so only the engine's share limits it unless a latencyBudget was set.
   */
  private long cap() {
    if (latency <= 0) return bufferLimit;
    return latencyBudget >= 0 ? bufferLimit + latencyBudget : Long.MAX_VALUE;
  }

  // ---- reading ----

  void onReadable() {
    ByteBuffer buf = connection.loop.readBuffer();
    for (int i = 0; i < READS_PER_EVENT && wantsRead(); i++) {
      buf.clear();
      // on an HTTP proxy, only so many bytes may go straight through: those the faults leave be
      long plain = http == null ? Long.MAX_VALUE : http.directLimit();
      boolean direct = !touched && queue.isEmpty() && !sinkBlocked && plain > 0;
      // Room for the read is reserved in the engine's budget first. A direct read is written at
      // once and only what the sink refuses of it is kept (once, after which reading pauses), so
      // it may read a whole buffer past this flow's own cap; under memory pressure it gets the
      // floor like any other.
      // a byte of a head being held costs more than itself (see HttpSession.Side#readCost)
      int cost = direct || http == null ? 1 : http.readCost();
      long cap = cap();
      long grant =
          budget.reserve(
              (long) buf.capacity() * cost + Chunk.OVERHEAD,
              queued + headHeld,
              (direct ? Math.max(cap, buf.capacity() + Chunk.OVERHEAD) : cap) + headHeld);
      if (grant <= Chunk.OVERHEAD) { // as mayRead says: then it is not asked to read again
        budget.release(grant);
        break;
      }
      long usable = Math.max(1, (grant - Chunk.OVERHEAD) / cost);
      if (usable < buf.capacity()) buf.limit((int) usable);
      if (direct && plain < buf.limit()) buf.limit((int) plain);
      int asked = buf.remaining();
      int n;
      try {
        n = source.read(buf);
      } catch (IOException e) {
        budget.release(grant);
        connection.peerFailed(direction == Direction.UPSTREAM ? "client" : "upstream", e);
        return;
      }
      if (n <= 0) {
        budget.release(grant);
        if (n == 0) break;
        onSourceEof();
        if (connection.closed) return;
        break;
      }
      bytesRead += n;
      connection.proxy.counters.received(direction, n);
      buf.flip();
      if (direct) {
        // on an HTTP proxy, the bytes after a body's end (a head to hold) take the other path
        Chunk after = null;
        int upTo = n;
        if (http != null) {
          upTo = http.watch(buf);
          if (upTo < n) {
            after = Chunk.copyOf(buf.position(upTo), connection.loop.nanoTime());
            buf.position(0).limit(upTo);
          }
        }
        if (!write(buf)) {
          budget.release(grant);
          return;
        }
        long held = 0;
        if (buf.hasRemaining()) {
          Chunk rest = Chunk.copyOf(buf, connection.loop.nanoTime());
          held += cost(rest);
          enqueue(rest);
          sinkBlocked = true;
        }
        if (http != null) {
          http.watched();
          if (!connection.closed && after != null) {
            held += http.read(after, bytesRead - n + upTo, connection.loop.nanoTime());
          }
          http.account();
        }
        budget.release(grant - held);
        if (connection.closed) return;
        if (after != null) {
          drain();
          if (connection.closed) return;
        }
        if (n < asked) break; // the socket is most likely drained
        continue;
      }
      long now = connection.loop.nanoTime();
      Chunk chunk = Chunk.copyOf(buf, now);
      long start = bytesRead - n;
      long held;
      if (http != null) {
        held = http.read(chunk, start, now);
        http.account();
      } else {
        held = forward(chunk, start, now);
      }
      budget.release(grant - held); // an effect may have grown a chunk a little
      if (connection.closed) return;
      drain();
      if (connection.closed) return;
    }
    connection.updateInterest();
  }

  /**
   * Passes bytes read at {@code offset} (or made from them by the HTTP side) on to the triggers'
   * gates and the effects; returns what they hold of the budget.
   */
  long forward(Chunk chunk, long offset, long now) {
    return gates.length == 0 ? pass(chunk, offset, now) : passGated(chunk, offset, now);
  }

  /**
   * Queues an answer the proxy writes itself (an HTTP fault's), held {@code delay} nanoseconds,
   * after what is queued; as an injection, it is held even past the budget.
   */
  void answer(byte[] bytes, long delay) {
    if (closeAfterDrain != null || connection.closed) return;
    long now = connection.loop.nanoTime();
    Chunk chunk = new Chunk(bytes, 0, bytes.length, now);
    if (delay > 0) {
      chunk.held = true;
      chunk.holdUntil = now + delay;
    }
    budget.release(-cost(chunk));
    enqueue(chunk);
    drain();
  }

  /**
   * Runs a chunk read at {@code offset} through the effects and queues what is left; returns what
   * it holds of the budget.
   */
  private long pass(Chunk chunk, long offset, long now) {
    passing = offset;
    try {
      for (Effect e : effects) {
        chunk = e.onRead(chunk, now);
        if (connection.closed || chunk == null) return 0;
      }
    } finally {
      passing = -1;
    }
    enqueue(chunk);
    return cost(chunk);
  }

  /**
   * As {@link #pass}, cut where gates fire: the bytes before a gate's point pass the effects as
   * they were, then the gate opens (its toxic starts acting) and the rest pass the new effects.
   */
  private long passGated(Chunk chunk, long offset, long now) {
    Gate[] watching = gates;
    int length = chunk.limit;
    int[] at = new int[watching.length];
    for (int i = 0; i < watching.length; i++)
      at[i] = watching[i].scanner.scan(chunk.data, 0, length);
    long held = 0;
    int from = 0;
    while (true) {
      int next = -1;
      for (int a : at) if (a >= from && (next < 0 || a < next)) next = a;
      if (next < 0) break;
      if (next > from) {
        held += pass(piece(chunk, from, next), offset + from, now);
        if (connection.closed) return held;
      }
      firedAt = offset + next;
      for (int i = 0; i < watching.length; i++) {
        if (at[i] == next) {
          at[i] = -1;
          watching[i].open.run();
          if (connection.closed) return held;
        }
      }
      from = next;
    }
    if (from < length) held += pass(piece(chunk, from, length), offset + from, now);
    return held;
  }

  /** Bytes {@code from..to} of a chunk just read, as a chunk of their own. */
  private static Chunk piece(Chunk chunk, int from, int to) {
    if (from == 0 && to == chunk.limit) return chunk;
    return new Chunk(Arrays.copyOfRange(chunk.data, from, to), 0, to - from, chunk.arrival);
  }

  /** A chunk's array stays allocated until all of it is written, so it counts whole until then. */
  private static long cost(Chunk chunk) {
    return chunk.data.length + Chunk.OVERHEAD;
  }

  private void onSourceEof() {
    sourceEof = true;
    if (http != null) {
      http.eof(connection.loop.nanoTime());
      http.account();
      if (connection.closed) return;
    }
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
    Chunk chunk = new Chunk(bytes.clone(), 0, bytes.length, connection.loop.nanoTime());
    budget.release(-cost(chunk)); // asked for by the API: held even past the budget
    enqueue(chunk);
    drain();
  }

  /**
   * The HTTP side holds {@code bytes} of heads now: the budget takes the difference, even past its
   * limit (they were read already); reading then waits until the flow is within its share again.
   */
  void headHeld(long bytes) {
    if (stopped || bytes == headHeld) return;
    boolean was = queued + headHeld > 0;
    budget.release(headHeld - bytes);
    headHeld = bytes;
    boolean now = queued + headHeld > 0;
    if (was != now) budget.holding(now);
  }

  /** Bytes queued outside a read (so outside its grant) are taken from the budget. */
  void took(long bytes) {
    if (bytes != 0) budget.release(-bytes);
  }

  /** Queues a chunk whose cost is already in the engine's budget. */
  private void enqueue(Chunk chunk) {
    if (queued + headHeld == 0) budget.holding(true);
    chunk.cost = cost(chunk);
    queue.addLast(chunk);
    queued += chunk.cost;
  }

  /** Drops {@code n} bytes of what is held, giving them back to the engine's budget. */
  private void unhold(long n) {
    queued -= n;
    budget.release(n);
    if (queued + headHeld == 0) budget.holding(false);
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
    long now = connection.loop.nanoTime();
    while (!queue.isEmpty() && !sinkBlocked) {
      Chunk head = queue.peekFirst();
      boolean held = head.held;
      long due = head.holdUntil;
      if (latency > 0 || head.jitter != 0) {
        long release = head.arrival + latency + head.jitter;
        if (!held || release - due > 0) due = release;
        held = true;
      }
      if (held && due - now > 0) {
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
      if (head.remaining() == 0) {
        queue.pollFirst();
        unhold(head.cost);
      }
      if (out.hasRemaining()) {
        sinkBlocked = true;
        break;
      }
    }
    if (queue.isEmpty()) {
      if (closeAfterDrain != null) {
        if (resetAfterDrain) connection.abort(closeAfterDrain);
        else connection.closeGracefully(closeAfterDrain);
        return;
      }
      if (sourceEof && !eofForwarded) {
        long wait = 0;
        for (Effect e : effects) wait = Math.max(wait, e.eofDelay(now));
        if (wait > 0) {
          wakeAt(now + wait);
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
    if (budgetWait != null) budgetWait.cancel();
    budgetWait = null;
    queue.clear();
    if (queued > 0) unhold(queued);
    headHeld(0);
    stopped = true;
  }

  private static String side(Direction d) {
    return d == Direction.UPSTREAM ? "client" : "upstream";
  }
}
