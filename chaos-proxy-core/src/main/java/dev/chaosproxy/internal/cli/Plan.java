package dev.chaosproxy.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.internal.Names;
import dev.chaosproxy.internal.ToxicList;
import dev.chaosproxy.internal.api.ApiException;
import dev.chaosproxy.internal.api.Json;
import dev.chaosproxy.internal.api.ProxySpec;
import dev.chaosproxy.internal.relay.MemoryBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the flags ask for, checked: every mistake is found here, before anything starts. */
final class Plan {
  /** A proxy given by flags. */
  record FlagProxy(String name, String listen, String upstream, Protocol protocol) {
    /** A TCP proxy. */
    FlagProxy(String name, String listen, String upstream) {
      this(name, listen, upstream, Protocol.TCP);
    }
  }

  static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");

  final String api;
  final String token;
  final List<String> allowedHosts;
  final List<String> allowedOrigins;
  final List<FlagProxy> proxies;
  final List<ProxySpec> configProxies;

  /** Toxics every flag proxy starts with (trixter's chaos flags). */
  final List<Toxic> chaos;

  final Long seed;
  final Integer eventLoops;

  /** null: the engine's default (a quarter of the heap). */
  final DataSize memoryBudget;

  final Duration gracePeriod;

  /** Checked (and applied) by {@link Main} before anything logs. */
  final String logLevel;

  private Plan(Options o, String envToken, String envAllowedHosts) {
    api = checkListen("--api", o.api);
    token = token(o.apiToken, envToken);
    allowedHosts = allowedHosts(o.apiAllowedHosts, envAllowedHosts);
    allowedOrigins = allowedOrigins(o.apiAllowedOrigins);
    proxies = proxies(o);
    configProxies = o.config == null ? List.of() : config(o);
    chaos = chaos(o);
    seed = o.randomSeed;
    if (o.eventLoops != null && (o.eventLoops < 1 || o.eventLoops > 256)) {
      throw new UsageException("--event-loops must be between 1 and 256, was " + o.eventLoops);
    }
    eventLoops = o.eventLoops;
    memoryBudget = o.memoryBudget == null ? null : memoryBudget(o.memoryBudget);
    gracePeriod = Duration.ofMillis(nonNegative("--grace-period-ms", o.gracePeriodMs));
    logLevel = o.logLevel.toLowerCase(Locale.ROOT);
    Set<String> names = new HashSet<>();
    for (ProxySpec s : configProxies) names.add(s.name);
    for (FlagProxy p : proxies) {
      if (!names.add(p.name()))
        throw new UsageException("two proxies are named '" + p.name() + "'");
    }
  }

  static Plan of(Options o, String envToken) {
    return new Plan(o, envToken, null);
  }

  static Plan of(Options o, String envToken, String envAllowedHosts) {
    return new Plan(o, envToken, envAllowedHosts);
  }

  /** The flags' names, else the environment's comma-separated ones. */
  private static List<String> allowedHosts(List<String> flags, String env) {
    List<String> given = !flags.isEmpty() || env == null ? flags : List.of(env.split(","));
    List<String> out = new ArrayList<>();
    for (String h : given) {
      String s = h.strip();
      if (s.isEmpty() && flags.isEmpty()) continue;
      if (s.isEmpty()
          || s.contains("/")
          || s.contains(" ")
          || (s.indexOf(':') >= 0 && !s.startsWith("["))) {
        throw new UsageException(
            "--api-allowed-host is a host name without scheme or port (or *), was '" + h + "'");
      }
      out.add(s);
    }
    return out;
  }

  private static List<String> allowedOrigins(List<String> flags) {
    for (String o : flags) {
      String s = o.strip();
      if (!s.equals("*") && !s.matches("https?://[^/\\s]+")) {
        throw new UsageException(
            "--api-allowed-origin is a web origin like http://localhost:3000 (scheme, host, port;"
                + " no path), or *, was '"
                + o
                + "'");
      }
    }
    return List.copyOf(flags);
  }

  /** The host the API listens on: the default host of proxies created without a listen address. */
  String apiHost() {
    return HostPort.host(api);
  }

  private static String token(String flag, String env) {
    if (flag != null) {
      if (flag.isBlank()) throw new UsageException("--api-token must not be empty");
      return flag;
    }
    return env == null || env.isBlank() ? null : env;
  }

  private static List<FlagProxy> proxies(Options o) {
    Protocol protocol = protocol("--protocol", o.protocol == null ? "tcp" : o.protocol);
    List<FlagProxy> out = new ArrayList<>();
    if (o.listen != null || o.upstream != null) {
      if (o.listen == null)
        throw new UsageException("--upstream needs --listen (the address the proxy listens on)");
      if (o.upstream == null)
        throw new UsageException("--listen needs --upstream (the address the proxy forwards to)");
      out.add(
          new FlagProxy(
              "default",
              checkListen("--listen", o.listen),
              checkUpstream("--upstream", o.upstream),
              protocol));
    }
    int i = 0;
    for (String spec : o.proxies) out.add(parseProxy(spec, ++i, protocol));
    return out;
  }

  /** {@code tcp} or {@code http}, for {@code what}. */
  private static Protocol protocol(String what, String text) {
    try {
      return Protocol.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          what
              + ": the protocol is tcp (bytes only) or http (HTTP/1.1, for HTTP faults), was '"
              + text.trim()
              + "'");
    }
  }

  /**
   * {@code [NAME=]LISTEN=UPSTREAM[,PROTOCOL]}, or pj's {@code
   * LISTEN_HOST:LISTEN_PORT:UPSTREAM_HOST:UPSTREAM_PORT[,PROTOCOL]}; {@code protocol} when none is
   * given.
   */
  static FlagProxy parseProxy(String spec, int index, Protocol protocol) {
    String what = "--proxy '" + spec + "'";
    int comma = spec.lastIndexOf(',');
    Protocol own = comma < 0 ? protocol : protocol(what + " after ','", spec.substring(comma + 1));
    String mapping = comma < 0 ? spec : spec.substring(0, comma);
    String[] parts = mapping.split("=", -1);
    String name = "proxy-" + index;
    String listen;
    String upstream;
    if (parts.length == 3) {
      name = parts[0].trim();
      if (!Names.valid(name)) {
        try {
          Names.check("proxy", name);
        } catch (IllegalArgumentException e) {
          throw new UsageException(what + ": " + e.getMessage());
        }
      }
      listen = parts[1];
      upstream = parts[2];
    } else if (parts.length == 2) {
      listen = parts[0];
      upstream = parts[1];
    } else if (parts.length == 1) {
      List<String> tokens = splitColons(mapping);
      if (tokens.size() != 4) {
        throw new UsageException(
            what
                + " is not a proxy mapping; use [NAME=]LISTEN=UPSTREAM[,http] (like redis=127.0.0.1:26379=localhost:6379)"
                + " or LISTEN_HOST:LISTEN_PORT:UPSTREAM_HOST:UPSTREAM_PORT (like 0.0.0.0:8787:127.0.0.1:22)");
      }
      listen = tokens.get(0) + ":" + tokens.get(1);
      upstream = tokens.get(2) + ":" + tokens.get(3);
    } else {
      throw new UsageException(what + " has too many '='; use [NAME=]LISTEN=UPSTREAM");
    }
    return new FlagProxy(
        name,
        checkListen(what + " listen address", listen.trim()),
        checkUpstream(what + " upstream", upstream.trim()),
        own);
  }

  /** Splits on colons outside {@code [...]}. */
  private static List<String> splitColons(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    for (char ch : s.toCharArray()) {
      if (ch == '[') depth++;
      if (ch == ']') depth--;
      if (ch == ':' && depth == 0) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }

  /** {@code hostPort}, checked, with {@code :port} spelled {@code 0.0.0.0:port}. */
  static String checkListen(String what, String hostPort) {
    try {
      HostPort.listen(hostPort);
    } catch (IllegalArgumentException e) {
      throw new UsageException(what + ": " + e.getMessage());
    }
    String s = hostPort.trim();
    return s.startsWith(":") ? "0.0.0.0" + s : s;
  }

  static String checkUpstream(String what, String hostPort) {
    try {
      HostPort.upstream(hostPort);
    } catch (IllegalArgumentException e) {
      throw new UsageException(what + ": " + e.getMessage());
    }
    return hostPort;
  }

  private List<ProxySpec> config(Options o) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(o.config);
    } catch (IOException e) {
      throw new UsageException("cannot read --config " + o.config + ": " + e);
    }
    try {
      JsonNode json = Json.parse(bytes);
      return ProxySpec.parseAll(json, apiHost());
    } catch (ApiException e) {
      throw new UsageException("--config " + o.config + ": " + e.getMessage());
    }
  }

  private static List<Toxic> chaos(Options o) {
    long delay = nonNegative("--delay-ms", o.delayMs);
    long rate = nonNegative("--throttle-rate-bytes", o.throttleRateBytes);
    long slice = nonNegative("--slice-size-bytes", o.sliceSizeBytes);
    long duration = nonNegative("--connection-duration-ms", o.connectionDurationMs);
    double terminate = probability("--terminate-probability-rate", o.terminateProbabilityRate);
    double corrupt = probability("--corrupt-probability-rate", o.corruptProbabilityRate);
    ToxicList chaos = new ToxicList();
    try {
      if (delay > 0) chaos.delay(Duration.ofMillis(delay));
      if (rate > 0) chaos.throttle(DataSize.ofBytes(rate));
      if (slice > 0) chaos.slice(DataSize.ofBytes(slice));
      if (terminate > 0) chaos.terminate(terminate);
      if (corrupt > 0) chaos.corrupt(corrupt);
      if (duration > 0) chaos.sessionLimit(Duration.ofMillis(duration));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return chaos.toxics();
  }

  private static DataSize memoryBudget(String text) {
    DataSize size;
    try {
      size = DataSize.parse(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UsageException(
          "--memory-budget must be a size like 64MiB (a whole number with B, KB, MB, KiB or MiB), was '"
              + text
              + "'");
    }
    if (size.bytes() < MemoryBudget.FLOOR)
      throw new UsageException("--memory-budget must be at least 16KiB, was '" + text + "'");
    return size;
  }

  private static long nonNegative(String flag, long v) {
    if (v < 0) throw new UsageException(flag + " must be >= 0, was " + v);
    return v;
  }

  /** trixter's wording. */
  private static double probability(String flag, double p) {
    if (!(p >= 0 && p <= 1))
      throw new UsageException(flag + " must be between 0.0 and 1.0 (got " + p + ")");
    return p;
  }

  /** A mistake in the flags: exit code 2. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
