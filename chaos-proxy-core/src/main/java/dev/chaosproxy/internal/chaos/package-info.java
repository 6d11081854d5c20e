/**
 * Pure chaos logic with no I/O, tested against fake clocks: the toxic attribute schema and its
 * validation, the bandwidth {@code Throttler}, and the seeded {@code Rng}.
 */
package dev.chaosproxy.internal.chaos;
