/**
 * The decisions of {@code build-images} that deserve tests, run by it with the JDK: its options,
 * the content hash of a build context, the staging fingerprint, {@code images.properties}, the
 * JRE's module check and whether the jar takes an inherited socket. The shell keeps what drives
 * Docker, jlink and {@code ldd}. Build tooling, not published.
 */
package dev.chaosproxy.image.internal;
