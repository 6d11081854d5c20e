/**
 * README's quick start, verbatim but for this package line ({@code QuickStartReadmeTest} checks
 * it): the shortest test with {@code @ChaosProxy}, needing nothing but the JDK.
 */
package dev.chaosproxy.samples.quickstart;
