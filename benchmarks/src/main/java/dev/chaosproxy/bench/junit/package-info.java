/**
 * The test classes the JUnit overhead scenario runs: the same hundred tests with and without the
 * extension.
 */
package dev.chaosproxy.bench.junit;
