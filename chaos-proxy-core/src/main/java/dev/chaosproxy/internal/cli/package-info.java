/**
 * The standalone jar: {@link dev.chaosproxy.internal.cli.Main} parses {@code Options} (picocli)
 * into a checked {@code Plan}, and {@code Standalone} runs it — the engine, its proxies, the
 * control API — until SIGTERM or Ctrl-C, then stops gracefully.
 */
package dev.chaosproxy.internal.cli;
