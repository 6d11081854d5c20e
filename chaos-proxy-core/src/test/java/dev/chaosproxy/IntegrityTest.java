package dev.chaosproxy;

import static dev.chaosproxy.testing.Polls.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 64 MiB of random bytes each way through the non-destructive toxics (latency, jitter, bandwidth,
 * slicer, slow_close), on the proxy and on single connections, changed at random while the bytes
 * flow: what arrives must be exactly what was sent, in order.
 */
class IntegrityTest {
  private static final int CONNECTIONS = 4;
  private static final long BYTES_EACH_WAY = 16L * 1024 * 1024; // per connection: 64 MiB in all
  private static final long TEST_SEED = System.nanoTime();

  private final ChaosEngine engine = ChaosEngine.builder().eventLoops(2).seed(TEST_SEED).build();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  /** What the server received per connection key: length and checksum. */
  private final Map<Long, long[]> serverReceived = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    engine.close();
    pool.shutdownNow();
  }

  /** Writes {@code size} bytes of the stream {@code seed}; returns their CRC32C. */
  private static long writeStream(OutputStream out, long seed, long size) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    CRC32C crc = new CRC32C();
    byte[] block = new byte[32 * 1024];
    for (long left = size; left > 0; ) {
      int n = (int) Math.min(block.length, left);
      r.nextBytes(block);
      crc.update(block, 0, n);
      out.write(block, 0, n);
      left -= n;
    }
    return crc.getValue();
  }

  private static long expectedCrc(long seed, long size) throws IOException {
    return writeStream(OutputStream.nullOutputStream(), seed, size);
  }

  /** Reads to EOF; returns {length, CRC32C}. */
  private static long[] readStream(InputStream in) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      crc.update(buf, 0, n);
      total += n;
    }
    return new long[] {total, crc.getValue()};
  }

  /**
   * The server reads a header (key, size, answerAfterEof), then sends {@code size} bytes of stream
   * {@code key + 1}: at once (full duplex) or only after the client's FIN (a half-closed upload).
   */
  private TestServer server() {
    return TestServer.start(
        s -> {
          s.setSoTimeout(60_000);
          DataInputStream in = new DataInputStream(s.getInputStream());
          long key = in.readLong();
          long size = in.readLong();
          boolean answerAfterEof = in.readBoolean();
          OutputStream out = s.getOutputStream();
          if (answerAfterEof) {
            serverReceived.put(key, readStream(in));
            writeStream(out, key + 1, size);
            s.shutdownOutput();
          } else {
            CompletableFuture<Void> sending =
                CompletableFuture.runAsync(
                    () -> {
                      try {
                        writeStream(out, key + 1, size);
                        s.shutdownOutput();
                      } catch (IOException e) {
                        throw new IllegalStateException(e);
                      }
                    },
                    pool);
            serverReceived.put(key, readStream(in));
            sending.get(60, TimeUnit.SECONDS);
          }
        });
  }

  /** One connection's full exchange; returns {length, CRC32C} of what the client received. */
  private long[] exchange(ProxyControl proxy, long key, boolean halfCloseFirst) throws Exception {
    try (Socket client = Sockets.connect(proxy)) {
      client.setSoTimeout(60_000);
      DataOutputStream out = new DataOutputStream(client.getOutputStream());
      out.writeLong(key);
      out.writeLong(BYTES_EACH_WAY);
      out.writeBoolean(halfCloseFirst);
      CompletableFuture<long[]> received =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return readStream(client.getInputStream());
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              pool);
      writeStream(out, key, BYTES_EACH_WAY);
      client.shutdownOutput(); // the upload ends with a FIN; the answer must still arrive
      return received.get(120, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyByteArrivesInOrderWhileChaosChanges() throws Exception {
    try (TestServer upstream = server()) {
      ProxyControl proxy = engine.newProxy("integrity").upstream(upstream.address()).start();
      AtomicBoolean done = new AtomicBoolean();
      AtomicLong slowestControlCallNanos = new AtomicLong();
      AtomicLong changes = new AtomicLong();
      CompletableFuture<Void> chaos =
          CompletableFuture.runAsync(
              () -> {
                SplittableRandom r = new SplittableRandom(TEST_SEED);
                while (!done.get()) {
                  long start = System.nanoTime();
                  mutate(proxy, r);
                  slowestControlCallNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                  changes.incrementAndGet();
                  java.util.concurrent.locks.LockSupport.parkNanos(
                      r.nextLong(5_000_000, 30_000_000));
                }
              },
              pool);

      List<CompletableFuture<long[]>> results = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        long key = i * 1000L;
        boolean halfCloseFirst = i % 2 == 1;
        results.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return exchange(proxy, key, halfCloseFirst);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                pool));
      }
      for (int i = 0; i < CONNECTIONS; i++) {
        long key = i * 1000L;
        long[] got = results.get(i).get(180, TimeUnit.SECONDS);
        String context = "connection " + i + " (test seed " + TEST_SEED + ")";
        assertThat(got[0]).as("bytes the client got, " + context).isEqualTo(BYTES_EACH_WAY);
        assertThat(got[1])
            .as("checksum of what the client got, " + context)
            .isEqualTo(expectedCrc(key + 1, BYTES_EACH_WAY));
        await("the server read to the end").until(() -> serverReceived.containsKey(key));
        long[] sent = serverReceived.get(key);
        assertThat(sent[0]).as("bytes the server got, " + context).isEqualTo(BYTES_EACH_WAY);
        assertThat(sent[1])
            .as("checksum of what the server got, " + context)
            .isEqualTo(expectedCrc(key, BYTES_EACH_WAY));
      }
      done.set(true);
      chaos.get(10, TimeUnit.SECONDS);
      // Under load the bytes may flow in well under a second: a few changes are enough to count.
      assertThat(changes.get())
          .as("chaos changes made while data flowed")
          .isGreaterThanOrEqualTo(3);
      assertThat(Duration.ofNanos(slowestControlCallNanos.get()))
          .as("slowest control call under traffic")
          .isLessThan(Duration.ofSeconds(2));
      assertThat(upstream.failures()).isEmpty();
    }
  }

  /** One random change of non-destructive chaos, on the proxy or on one live connection. */
  private static void mutate(ProxyControl proxy, SplittableRandom r) {
    Chaos<?> target = proxy;
    List<ConnectionInfo> live = proxy.connections();
    if (!live.isEmpty() && r.nextInt(3) == 0) {
      try {
        target = proxy.connection(live.get(r.nextInt(live.size())).id());
      } catch (IllegalArgumentException gone) {
        return; // it ended meanwhile
      }
    }
    Chaos<?> scoped =
        switch (r.nextInt(3)) {
          case 0 -> target.upstream();
          case 1 -> target.downstream();
          default -> target;
        };
    try {
      switch (r.nextInt(6)) {
        case 0 -> scoped.delay(Duration.ofMillis(r.nextInt(4)), Duration.ofMillis(r.nextInt(3)));
        case 1 -> scoped.throttle(DataSize.ofMB(30 + r.nextInt(300)));
        case 2 ->
            scoped.slice(
                DataSize.ofBytes(512 + r.nextInt(32 * 1024)),
                DataSize.ofBytes(r.nextInt(400)),
                Duration.ZERO);
        case 3 -> scoped.slowClose(Duration.ofMillis(r.nextInt(30)));
        case 4 -> scoped.toxicity(r.nextDouble()).delay(Duration.ofMillis(r.nextInt(3)));
        default -> scoped.clear();
      }
    } catch (IllegalStateException ended) {
      // a connection ended between listing and changing it: fine
    }
  }
}
