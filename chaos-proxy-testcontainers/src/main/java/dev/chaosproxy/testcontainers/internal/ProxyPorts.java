package dev.chaosproxy.testcontainers.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The container's proxy ports: one per proxy declared before start, then a reserve for proxies
 * created after.
 */
public final class ProxyPorts {
  private final int first;
  private final int max;
  private final Map<String, ProxySpec> declared = new LinkedHashMap<>();
  private int reserved;

  /**
   * Ports from {@code first} on, at most {@code max} of them, {@code reserved} of them kept for
   * later proxies.
   */
  public ProxyPorts(int first, int max, int reserved) {
    this.first = first;
    this.max = max;
    this.reserved = reserved;
  }

  /**
   * Gives {@code spec} the next port; IllegalArgumentException for a name declared twice or past
   * the limit.
   */
  public void declare(ProxySpec spec) {
    ProxySpec other = declared.get(spec.name);
    if (other != null) {
      throw new IllegalArgumentException(
          "proxy '"
              + spec.name
              + "' is already declared (to "
              + other.upstream
              + "); each proxy needs its own name");
    }
    if (declared.size() + reserved >= max) {
      throw new IllegalArgumentException(
          "at most "
              + max
              + " proxy ports (declared and reserved), and there are "
              + declared.size()
              + " declared and "
              + reserved
              + " reserved");
    }
    declared.put(spec.name, spec);
  }

  /**
   * Keeps {@code count} ports for proxies created after start; IllegalArgumentException past the
   * limit.
   */
  public void reserve(int count) {
    if (count < 0 || declared.size() + count > max) {
      throw new IllegalArgumentException(
          "reserved ports must be between 0 and "
              + (max - declared.size())
              + " (at most "
              + max
              + " proxy ports with the "
              + declared.size()
              + " declared), was "
              + count);
    }
    this.reserved = count;
  }

  /** Whether any proxy was declared before start. */
  public boolean hasDeclared() {
    return !declared.isEmpty();
  }

  /** The declared proxies, each on its port, as the chaos-proxy config file takes them. */
  public ArrayNode config() {
    ArrayNode config = Wire.array();
    int port = first;
    for (ProxySpec spec : declared.values()) config.add(spec.json(port++));
    return config;
  }

  /** The ports in the container that proxies may listen on: the declared ones, then the reserve. */
  public List<Integer> all() {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < declared.size() + reserved; i++) ports.add(first + i);
    return ports;
  }

  /** The first port not in {@code used}, or null when every one is taken. */
  Integer free(Set<Integer> used) {
    for (int p : all()) {
      if (!used.contains(p)) return p;
    }
    return null;
  }

  int declaredCount() {
    return declared.size();
  }

  int reserved() {
    return reserved;
  }
}
