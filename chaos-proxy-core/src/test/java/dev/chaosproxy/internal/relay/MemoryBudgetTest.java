package dev.chaosproxy.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The engine-wide budget's arithmetic: shares, the floor, and the bound on what is held. */
class MemoryBudgetTest {
  private static final long KIB = 1024;
  private static final long NO_CAP = Long.MAX_VALUE;

  @Test
  void aLoneFlowMayUseTheWholeBudget() {
    MemoryBudget b = new MemoryBudget(1024 * KIB);
    b.holding(true);
    assertThat(b.reserve(4096 * KIB, 0, NO_CAP)).isEqualTo(1024 * KIB);
    assertThat(b.held()).isEqualTo(1024 * KIB);
    assertThat(b.mayRead(1024 * KIB, NO_CAP)).isFalse();
  }

  @Test
  void theShareShrinksWithTheFlowsHoldingBytes() {
    MemoryBudget b = new MemoryBudget(1024 * KIB);
    for (int i = 0; i < 4; i++) b.holding(true);
    assertThat(b.reserve(4096 * KIB, 0, NO_CAP)).isEqualTo(256 * KIB);
    assertThat(b.reserve(4096 * KIB, 200 * KIB, NO_CAP)).isEqualTo(56 * KIB);
    assertThat(b.mayRead(256 * KIB, NO_CAP)).isFalse();
    for (int i = 0; i < 1000; i++) b.holding(true);
    assertThat(b.reserve(4096 * KIB, 0, NO_CAP))
        .as("never below the floor")
        .isEqualTo(MemoryBudget.FLOOR);
  }

  @Test
  void pastTheLimitOnlyTheFloorIsGranted() {
    MemoryBudget b = new MemoryBudget(64 * KIB);
    b.holding(true);
    assertThat(b.reserve(64 * KIB, 0, NO_CAP)).isEqualTo(64 * KIB);
    b.holding(true);
    assertThat(b.mayRead(0, NO_CAP)).as("a flow holding nothing may read its floor").isTrue();
    assertThat(b.reserve(64 * KIB, 0, NO_CAP)).isEqualTo(MemoryBudget.FLOOR);
    assertThat(b.reserve(64 * KIB, 10 * KIB, NO_CAP)).isEqualTo(MemoryBudget.FLOOR - 10 * KIB);
    assertThat(b.reserve(64 * KIB, MemoryBudget.FLOOR, NO_CAP)).isZero();
    assertThat(b.mayRead(MemoryBudget.FLOOR, NO_CAP)).isFalse();
    b.release(64 * KIB);
    assertThat(b.mayRead(MemoryBudget.FLOOR, NO_CAP)).isTrue();
  }

  @Test
  void aFlowsOwnCapHolds() {
    MemoryBudget b = new MemoryBudget(1024 * KIB);
    assertThat(b.reserve(256 * KIB, 0, 64 * KIB)).isEqualTo(64 * KIB);
    assertThat(b.reserve(256 * KIB, 60 * KIB, 64 * KIB)).isEqualTo(4 * KIB);
    assertThat(b.mayRead(64 * KIB, 64 * KIB)).isFalse();
  }

  @Test
  void tooSmallABudgetIsRefused() {
    assertThatThrownBy(() -> new MemoryBudget(1000)).hasMessageContaining("16KiB");
  }
}
