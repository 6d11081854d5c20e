/**
 * The samples: {@link dev.chaosproxy.samples.Demo}, a tour of the faults in one run, and under
 * {@code src/test/java} real tests to copy, a real client library against a real server through
 * a chaos proxy, one resilience question per class ({@code jdbc}, {@code redis}, {@code http},
 * {@code standalone}; the servers they start in {@code servers}).
 */
package dev.chaosproxy.samples;
