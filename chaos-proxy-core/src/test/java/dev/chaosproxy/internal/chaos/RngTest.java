package dev.chaosproxy.internal.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RngTest {
  @Test
  void sameSeedSameStreamOnEveryJvm() {
    Rng a = new Rng(42);
    Rng b = new Rng(42);
    for (int i = 0; i < 100; i++) assertThat(a.nextLong()).isEqualTo(b.nextLong());
    // Pinned: a change of algorithm would silently change every recorded chaos run.
    assertThat(new Rng(0).nextLong()).isEqualTo(0xE220A8397B1DCDAFL);
  }

  @Test
  void chanceIsNeverForZeroAndAlwaysForOne() {
    Rng r = new Rng(1);
    for (int i = 0; i < 10_000; i++) {
      assertThat(r.chance(0)).isFalse();
      assertThat(r.chance(1)).isTrue();
    }
  }

  @Test
  void chanceMatchesItsProbability() {
    Rng r = new Rng(7);
    int hits = 0;
    for (int i = 0; i < 100_000; i++) if (r.chance(0.3)) hits++;
    assertThat(hits).isBetween(29_000, 31_000);
  }

  @Test
  void betweenIsInclusiveAndCoversTheRange() {
    Rng r = new Rng(3);
    boolean sawMin = false;
    boolean sawMax = false;
    for (int i = 0; i < 10_000; i++) {
      long v = r.between(-2, 2);
      assertThat(v).isBetween(-2L, 2L);
      sawMin |= v == -2;
      sawMax |= v == 2;
    }
    assertThat(sawMin && sawMax).isTrue();
  }

  @Test
  void derivedSeedsDiffer() {
    assertThat(Rng.mix(1, 2)).isNotEqualTo(Rng.mix(1, 3)).isNotEqualTo(Rng.mix(2, 2));
    assertThat(Rng.hash("proxy:latency_upstream"))
        .isNotEqualTo(Rng.hash("proxy:latency_downstream"));
  }
}
