package dev.chaosproxy.internal.relay;

import dev.chaosproxy.internal.loop.EventLoop;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks upstream host names up off the event loops, so a slow DNS answer stalls only the connection
 * waiting for it: at most {@value #MAX_THREADS} daemon threads, started on first need and stopped
 * (and joined) by {@link #close}.
 */
final class Resolver {
  /** A blocking host-name lookup; replaceable so tests can make one slow or fail. */
  @FunctionalInterface
  interface Lookup {
    InetAddress lookup(String host) throws Exception;
  }

  /** Receives a lookup's outcome on the connection's loop: an address, or why there is none. */
  @FunctionalInterface
  interface Callback {
    void resolved(InetAddress address, Exception error);
  }

  static final int MAX_THREADS = 4;

  /** How long {@link #close} waits for a lookup stuck in the operating system. */
  private static final long CLOSE_WAIT_MILLIS = 10_000;

  private static final Logger log = LoggerFactory.getLogger(Resolver.class);
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  /** Dotted-quad IPv4: parsed by the JDK without asking DNS. */
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

  private volatile Lookup lookup = InetAddress::getByName;

  /** Guarded by {@code this}. */
  private ThreadPoolExecutor executor;

  private boolean closed;
  private final List<Thread> threads = new ArrayList<>();

  void lookup(Lookup lookup) {
    this.lookup = lookup;
  }

  /**
   * The address of an IP literal ({@code 10.0.0.1}, {@code ::1}) without a lookup, or null when
   * {@code host} is not one the JDK parses without asking DNS.
   */
  static InetAddress literal(String host) {
    boolean v6 =
        host.indexOf(':') >= 0
            && (host.charAt(0) == ':' || Character.digit(host.charAt(0), 16) >= 0);
    if (!v6 && !IPV4.matcher(host).matches()) return null;
    try {
      return InetAddress.getByName(host); // parsed as a literal, or refused: never looked up
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * Looks {@code host} up on a resolver thread and hands the outcome to {@code callback} on {@code
   * loop}. The returned future cancels a lookup not started yet.
   *
   * @throws IllegalStateException if the engine is closed
   */
  synchronized Future<?> resolve(String host, EventLoop loop, Callback callback) {
    if (closed) throw new IllegalStateException("the chaos engine is closed");
    if (executor == null) {
      executor =
          new ThreadPoolExecutor(
              MAX_THREADS,
              MAX_THREADS,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              this::newThread);
      executor.allowCoreThreadTimeOut(true);
    }
    Lookup l = lookup;
    return executor.submit(
        () -> {
          InetAddress address = null;
          Exception error = null;
          try {
            address = l.lookup(host);
          } catch (Exception e) {
            error = e;
          }
          InetAddress a = address;
          Exception e = error;
          loop.execute(() -> callback.resolved(a, e));
        });
  }

  private synchronized Thread newThread(Runnable r) {
    threads.removeIf(t -> !t.isAlive());
    Thread t = new Thread(r, "chaos-proxy-resolver-" + THREAD_IDS.incrementAndGet());
    t.setDaemon(true);
    threads.add(t);
    return t;
  }

  /**
   * Stops the lookups (interrupting those under way) and waits for every resolver thread to end.
   */
  void close() {
    ThreadPoolExecutor e;
    List<Thread> started;
    synchronized (this) {
      if (closed) return;
      closed = true;
      e = executor;
      executor = null;
      started = new ArrayList<>(threads);
      threads.clear();
    }
    if (e == null) return;
    e.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
    try {
      for (Thread t : started) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left > 0) t.join(left);
        if (t.isAlive())
          log.warn("resolver thread {} is still in a lookup after the engine closed", t.getName());
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }
}
