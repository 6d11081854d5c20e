package dev.chaosproxy.bench;

import java.net.InetSocketAddress;

/**
 * Something the load generator connects to: the upstream itself (direct) or a proxy in front of it.
 * {@code process} is the proxy's process (null for direct); {@code unavailable} says why a target
 * could not be started (then it has no address).
 */
final class Target {
  final String name;
  final InetSocketAddress address;
  final ChildProcess process;
  final String unavailable;

  private Target(String name, InetSocketAddress address, ChildProcess process, String unavailable) {
    this.name = name;
    this.address = address;
    this.process = process;
    this.unavailable = unavailable;
  }

  static Target running(String name, InetSocketAddress address, ChildProcess process) {
    return new Target(name, address, process, null);
  }

  static Target failed(String name, String why) {
    return new Target(name, null, null, why);
  }

  boolean available() {
    return unavailable == null;
  }

  boolean isChaos() {
    return Report.CHAOS.equals(name);
  }

  /** Stops the target's process, if it has one, noting in {@code report} if it died on its own. */
  void close(Report report) {
    if (process == null) return;
    if (!process.isAlive())
      report.note(
          "**The "
              + name
              + " process died during the run** ("
              + process.exitDescription()
              + "; log: "
              + process.log
              + ")");
    process.close();
  }

  @Override
  public String toString() {
    return name
        + (address != null
            ? " " + address.getHostString() + ":" + address.getPort()
            : " (unavailable: " + unavailable + ")");
  }
}
