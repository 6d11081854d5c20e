package dev.chaosproxy.internal.relay;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.FakeClock;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.internal.Engines;
import dev.chaosproxy.internal.ProxyHandle;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import dev.chaosproxy.testing.Timing;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Upstream host names are looked up off the event loops, within the connect timeout. */
class ResolverTest {
  private static final String SLOW = "slow.test";

  private final FakeClock clock = new FakeClock();
  private final ChaosEngine engine = clock.engine;
  private final CountDownLatch lookupStarted = new CountDownLatch(1);
  private final CountDownLatch releaseLookup = new CountDownLatch(1);
  private final CountDownLatch lookupReturned = new CountDownLatch(1);
  private final AtomicReference<Thread> lookupThread = new AtomicReference<>();

  @AfterEach
  void close() {
    releaseLookup.countDown();
    clock.close();
  }

  /** A lookup that blocks for {@link #SLOW} until released (or interrupted); real DNS otherwise. */
  private InetAddress slowLookup(String host) throws Exception {
    if (!host.equals(SLOW)) return InetAddress.getByName(host);
    lookupThread.set(Thread.currentThread());
    lookupStarted.countDown();
    try {
      if (!releaseLookup.await(30, TimeUnit.SECONDS))
        throw new AssertionError("the lookup was never released");
      return InetAddress.getLoopbackAddress();
    } finally {
      lookupReturned.countDown();
    }
  }

  private void awaitLookupStarted() throws InterruptedException {
    assertThat(lookupStarted.await(10, TimeUnit.SECONDS)).as("the lookup started").isTrue();
  }

  private LocalProxy local(ProxyControl proxy) {
    return ((ProxyHandle) proxy).local();
  }

  /** The connection of {@code proxy} that is live now (the only one). */
  private ConnectionRef onlyConnection(ProxyControl proxy) {
    String id = proxy.awaitConnections(1, Duration.ofSeconds(5)).get(0).id();
    return local(proxy).connection(id);
  }

  @Test
  void aSlowLookupForOneProxyDoesNotDelayAnotherOnTheSameLoop() throws Exception {
    Engines.core(engine).lookup(this::slowLookup);
    try (TestServer echo = TestServer.echo()) {
      ProxyControl slow = engine.newProxy("slow").upstream(SLOW + ":" + echo.port()).start();
      ProxyControl fast = engine.newProxy("fast").upstream(echo.address()).start();
      try (Socket waiting = Sockets.connect(slow)) {
        waiting.getOutputStream().write("a".getBytes(StandardCharsets.US_ASCII));
        awaitLookupStarted();

        try (Socket other = Sockets.connect(fast)) {
          long start = System.nanoTime();
          Timing.roundTrip(other);
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        assertThat(releaseLookup.getCount()).as("the slow lookup is still under way").isEqualTo(1);

        releaseLookup.countDown();
        assertThat(waiting.getInputStream().readNBytes(1))
            .isEqualTo("a".getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  @Test
  void aLookupLongerThanTheConnectTimeoutResetsTheClientAndSaysSo() throws Exception {
    Engines.core(engine).lookup(this::slowLookup);
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy =
          engine
              .newProxy("slow")
              .upstream(SLOW + ":" + echo.port())
              .connectTimeout(Duration.ofMillis(1000))
              .start();
      try (Socket client = Sockets.connect(proxy)) {
        awaitLookupStarted();
        ConnectionRef connection = onlyConnection(proxy);
        clock.advanceMillis(999);
        assertThat(proxy.metrics().connectionsActive()).as("open at 999 ms").isEqualTo(1);
        clock.advanceMillis(1);
        assertThat(proxy.metrics().connectionsActive()).as("open at 1000 ms").isZero();
        assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("reset");
        assertThat(connection.endReason())
            .isEqualTo(
                "resolving upstream " + SLOW + ":" + echo.port() + " timed out after 1000 ms");
      }
      await("the timeout is counted").until(() -> proxy.metrics().upstreamFailures() == 1);

      // The answer arriving late is ignored: no connect to the upstream follows.
      releaseLookup.countDown();
      assertThat(lookupReturned.await(10, TimeUnit.SECONDS)).as("the lookup returned").isTrue();
      // Idle again (waiting for work), its thread has handed the answer to the loop...
      await("the answer was handed over")
          .until(() -> lookupThread.get().getState() == Thread.State.TIMED_WAITING);
      Engines.core(engine).loops().runOnAll(loop -> {}); // ...and the loop has run it.
      assertThat(echo.acceptedCount()).isZero();
      assertThat(proxy.metrics().connectionsActive()).isZero();
    }
  }

  @Test
  void anUnresolvableHostResetsTheClientAndCountsAsAnUpstreamFailure() throws Exception {
    Engines.core(engine)
        .lookup(
            host -> {
              lookupStarted.countDown();
              releaseLookup.await(30, TimeUnit.SECONDS);
              throw new UnknownHostException(host);
            });
    ProxyControl proxy = engine.newProxy("nowhere").upstream("nowhere.test:80").start();
    try (Socket client = Sockets.connect(proxy)) {
      awaitLookupStarted();
      ConnectionRef connection = onlyConnection(proxy);
      releaseLookup.countDown();
      long start = System.nanoTime();
      assertThat(Sockets.readOutcome(client.getInputStream())).isEqualTo("reset");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(connection.endReason()).isEqualTo("cannot resolve upstream nowhere.test:80");
    }
    await("the failure is counted").until(() -> proxy.metrics().upstreamFailures() == 1);
    assertThat(proxy.metrics().connectionsActive()).isZero();
  }

  @Test
  void localhostIsLookedUpAndWorks() throws Exception {
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("local").upstream("localhost:" + echo.port()).start();
      try (Socket client = Sockets.connect(proxy)) {
        Timing.roundTrip(client);
      }
    }
  }

  @Test
  void anIpLiteralIsConnectedToWithoutALookup() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    Engines.core(engine)
        .lookup(
            host -> {
              lookups.incrementAndGet();
              throw new UnknownHostException(host);
            });
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("literal").upstream(echo.address()).start();
      try (Socket client = Sockets.connect(proxy)) {
        Timing.roundTrip(client);
      }
    }
    assertThat(lookups).hasValue(0);
  }

  @Test
  void literalsAreRecognisedWithoutDns() {
    assertThat(Resolver.literal("127.0.0.1")).isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(Resolver.literal("::1")).isNotNull();
    assertThat(Resolver.literal("2001:db8::1")).isNotNull();
    assertThat(Resolver.literal("xyz:1")).isNull();
    assertThat(Resolver.literal("localhost")).isNull();
    assertThat(Resolver.literal("db.example")).isNull();
    assertThat(Resolver.literal("1.2.3.4.5")).isNull();
    assertThat(Resolver.literal("256.1.1.1")).isNull();
  }

  @Test
  void aClientLeavingDuringItsLookupLeavesNothingBehind() throws Exception {
    Engines.core(engine).lookup(this::slowLookup);
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("slow").upstream(SLOW + ":" + echo.port()).start();
      Socket client = Sockets.connect(proxy);
      awaitLookupStarted();
      client.close();
      releaseLookup.countDown();
      await("the connection ended").until(() -> proxy.metrics().connectionsActive() == 0);
      assertThat(proxy.connections()).isEmpty();
    }
  }

  @Test
  void closingTheEngineDuringALookupLeavesNoResolverThread() throws Exception {
    Engines.core(engine).lookup(this::slowLookup);
    try (TestServer echo = TestServer.echo()) {
      ProxyControl proxy = engine.newProxy("slow").upstream(SLOW + ":" + echo.port()).start();
      try (Socket client = Sockets.connect(proxy)) {
        awaitLookupStarted();
        engine.close();
        Thread resolver = lookupThread.get();
        assertThat(resolver.getName()).startsWith("chaos-proxy-resolver-");
        assertThat(resolver.isAlive()).as("the resolver thread ended").isFalse();
        assertThat(Sockets.readOutcome(client.getInputStream())).isIn("eof", "reset");
      }
      assertThat(echo.acceptedCount()).isZero();
    }
  }
}
