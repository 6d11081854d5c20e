/**
 * Pure chaos logic with no I/O, tested against fake clocks: the toxic descriptors (attributes,
 * validation, the effect each makes), the bandwidth {@code Throttler}, and the seeded {@code Rng}.
 */
package dev.chaosproxy.internal.chaos;
