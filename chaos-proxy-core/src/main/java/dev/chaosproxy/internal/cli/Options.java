package dev.chaosproxy.internal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The standalone jar's flags: trixter's, pj's {@code --proxy}, Toxiproxy's config file, ours. */
@Command(
    name = "chaos-proxy",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    customSynopsis = "java -jar chaos-proxy.jar [OPTIONS]", // picocli puts "Usage: " before it
    description = {
      "A fault-injecting TCP proxy with a Toxiproxy-compatible REST control API.",
      "With no proxies given, it serves the API alone (as toxiproxy-server does); create proxies through it.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  java -jar chaos-proxy.jar --listen 127.0.0.1:8080 --upstream 127.0.0.1:8181 --delay-ms 100",
      "  java -jar chaos-proxy.jar --proxy redis=127.0.0.1:26379=localhost:6379 --proxy 0.0.0.0:15432:db:5432",
      "  java -jar chaos-proxy.jar --api 0.0.0.0:8474 --config proxies.json",
      "",
      "Exit codes: 0 for --help and --version; 1 when it cannot start (an address in use, say);",
      "2 for bad flags; after the graceful stop, 143 on SIGTERM and 130 on SIGINT (Ctrl-C);",
      "70 on an internal error (out of memory, say), or when the graceful stop did not finish in time.",
      "On SIGTERM or Ctrl-C the API and the listeners close at once; connections still open when the grace",
      "period ends are reset (RST), so that a client reading to the end cannot take a cut stream for a whole one."
    })
final class Options {
  static final String DEFAULT_API = "127.0.0.1:8474";

  @Option(
      names = "--api",
      paramLabel = "HOST:PORT",
      description = "Control API address (default: ${DEFAULT-VALUE}).",
      defaultValue = DEFAULT_API)
  String api;

  @Option(
      names = "--api-token",
      paramLabel = "TOKEN",
      description =
          "Require 'Authorization: Bearer TOKEN' on every API call (default: the CHAOS_PROXY_API_TOKEN environment variable, else none).")
  String apiToken;

  @Option(
      names = "--api-allowed-host",
      paramLabel = "NAME",
      description =
          "Also answer API requests whose Host header names NAME (repeatable; * for any; default: the"
              + " CHAOS_PROXY_API_ALLOWED_HOSTS environment variable, comma-separated). Loopback names, IP"
              + " addresses and the --api host are always answered; other names get 403 (a guard against"
              + " DNS rebinding).")
  List<String> apiAllowedHosts = new ArrayList<>();

  @Option(
      names = "--api-allowed-origin",
      paramLabel = "ORIGIN",
      description =
          "Serve API requests from the web page ORIGIN (e.g. http://localhost:3000; repeatable; * for any). Others with an Origin header get 403.")
  List<String> apiAllowedOrigins = new ArrayList<>();

  @Option(
      names = {"-l", "--listen"},
      paramLabel = "HOST:PORT",
      description = "Listen here for a proxy named 'default' (needs --upstream).")
  String listen;

  @Option(
      names = {"-c", "--upstream"},
      paramLabel = "HOST:PORT",
      description = "Where the --listen proxy forwards to.")
  String upstream;

  @Option(
      names = {"-p", "--proxy"},
      paramLabel = "SPEC",
      description =
          "Another proxy, repeatable: [NAME=]LISTEN=UPSTREAM (e.g. redis=127.0.0.1:26379=localhost:6379)"
              + " or pj's LISTEN_HOST:LISTEN_PORT:UPSTREAM_HOST:UPSTREAM_PORT; ',http' at the end makes it"
              + " an HTTP proxy (e.g. api=127.0.0.1:8080=localhost:80,http), ',tcp' a TCP one.")
  List<String> proxies = new ArrayList<>();

  @Option(
      names = "--protocol",
      paramLabel = "tcp|http",
      description =
          "Protocol of the proxies given by flags (--listen, and --proxy without ',PROTOCOL'): tcp (default) or http, which follows HTTP/1.1 so that HTTP faults can act per request.")
  String protocol;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Proxies, with their toxics, from a JSON file in Toxiproxy's populate format (\"protocol\": \"http\" for an HTTP proxy).")
  Path config;

  @Option(
      names = "--delay-ms",
      paramLabel = "MS",
      description =
          "Chaos for the proxies given by flags, both directions: latency per chunk (0: off).")
  long delayMs;

  @Option(
      names = "--throttle-rate-bytes",
      paramLabel = "BYTES/S",
      description = "Bandwidth cap in bytes per second (0: unlimited).")
  long throttleRateBytes;

  @Option(
      names = "--slice-size-bytes",
      paramLabel = "BYTES",
      description = "Cut writes into pieces of this size (0: off).")
  long sliceSizeBytes;

  @Option(
      names = "--terminate-probability-rate",
      paramLabel = "0..1",
      description = "Per read or write, reset the connection with this probability.")
  double terminateProbabilityRate;

  @Option(
      names = "--corrupt-probability-rate",
      paramLabel = "0..1",
      description = "Per read, inject random bytes with this probability.")
  double corruptProbabilityRate;

  @Option(
      names = "--connection-duration-ms",
      paramLabel = "MS",
      description = "Reset each connection this long after it opened (0: unlimited).")
  long connectionDurationMs;

  @Option(
      names = "--random-seed",
      paramLabel = "N",
      description =
          "Seed for every random decision, so a run can be replayed (default: random, logged at start).")
  Long randomSeed;

  @Option(
      names = "--event-loops",
      paramLabel = "N",
      description = "Event-loop threads (default: one per core, at most 4).")
  Integer eventLoops;

  @Option(
      names = "--memory-budget",
      paramLabel = "SIZE",
      description =
          "Bytes all connections may hold at once (delayed, queued), like 64MiB; past it they slow down, never fail (default: a quarter of the heap).")
  String memoryBudget;

  @Option(
      names = "--grace-period-ms",
      paramLabel = "MS",
      defaultValue = "5000",
      description =
          "On SIGTERM or Ctrl-C, how long live connections may go on before they are closed (default: ${DEFAULT-VALUE}).")
  long gracePeriodMs;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      description =
          "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}); info logs one line per closed connection.")
  String logLevel;
}
