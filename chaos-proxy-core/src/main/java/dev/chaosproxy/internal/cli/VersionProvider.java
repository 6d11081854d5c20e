package dev.chaosproxy.internal.cli;

import dev.chaosproxy.internal.Version;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "chaos-proxy "
          + Version.get()
          + " (Toxiproxy API 2.12.0), Java "
          + System.getProperty("java.version")
    };
  }
}
