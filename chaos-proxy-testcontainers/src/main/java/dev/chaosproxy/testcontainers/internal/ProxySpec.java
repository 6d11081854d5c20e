package dev.chaosproxy.testcontainers.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.HostPort;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A checked request for a proxy in the container: its name, upstream as the network sees it, and
 * toxics.
 */
public final class ProxySpec {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  final String name;
  final String upstream;
  final List<Toxic> toxics;
  final Protocol protocol;

  private ProxySpec(String name, String upstream, List<Toxic> toxics, Protocol protocol) {
    this.name = name;
    this.upstream = upstream;
    this.toxics = toxics;
    this.protocol = protocol;
  }

  /**
   * The proxy {@code name} to {@code upstream} with {@code toxics}, or IllegalArgumentException
   * saying what is wrong.
   */
  public static ProxySpec of(String name, String upstream, Toxic... toxics) {
    return of(name, upstream, Protocol.TCP, toxics);
  }

  /** As {@link #of(String, String, Toxic...)}, for a proxy of {@code protocol}. */
  public static ProxySpec of(String name, String upstream, Protocol protocol, Toxic... toxics) {
    checkName(name);
    checkUpstream(name, upstream);
    Objects.requireNonNull(protocol, "protocol");
    List<Toxic> checked = checkToxics(name, toxics);
    if (protocol == Protocol.TCP) {
      dev.chaosproxy.internal.chaos.toxics.HttpToxic.refuseOnTcp(
          name,
          checked,
          "declare it with withHttpProxy(\""
              + name
              + "\", ..) or create it with createHttpProxy(\""
              + name
              + "\", ..)");
    }
    return new ProxySpec(name, upstream.trim(), checked, protocol);
  }

  /**
   * The proxy as the control API and the config file take it, listening on {@code port} in the
   * container.
   */
  ObjectNode json(int port) {
    return Wire.proxy(name, "0.0.0.0:" + port, upstream, protocol, toxics);
  }

  /**
   * Throws IllegalArgumentException unless {@code name} is a proxy name the API can carry in a URL.
   */
  public static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches() || !ControlClient.isPathSegment(name)) {
      throw new IllegalArgumentException(
          "a proxy name is 1 to 128 letters, digits, '.', '_', ':' or '-', other than '.' and '..'"
              + " (which no URL can name), was '"
              + name
              + "'");
    }
  }

  private static void checkUpstream(String name, String upstream) {
    try {
      HostPort.upstream(upstream);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "upstream of proxy '"
              + name
              + "': "
              + e.getMessage()
              + " (as containers on the network see it, e.g. redis:6379)",
          e);
    }
  }

  private static List<Toxic> checkToxics(String name, Toxic[] toxics) {
    Objects.requireNonNull(toxics, "toxics");
    Set<String> names = new HashSet<>();
    for (Toxic t : toxics) {
      Objects.requireNonNull(t, "a toxic of proxy '" + name + "' is null");
      if (!names.add(t.name())) {
        throw new IllegalArgumentException(
            "two toxics of proxy '"
                + name
                + "' are named '"
                + t.name()
                + "'; give one another name with named(..)");
      }
    }
    return List.of(toxics);
  }
}
