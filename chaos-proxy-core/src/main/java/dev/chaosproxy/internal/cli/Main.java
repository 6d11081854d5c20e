package dev.chaosproxy.internal.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar chaos-proxy.jar}: parses the flags, sets up logging, starts the proxies and
 * the control API, and stops gracefully on SIGTERM or Ctrl-C. Exit codes: 0 after a clean stop,
 * 1 when it could not start, 2 for bad flags.
 */
public final class Main {
  static final int OK = 0;
  static final int CANNOT_START = 1;
  static final int USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, System.getenv(), out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs until stopped; returns the exit code. */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    Plan plan;
    try {
      plan = parse(args, env, out);
    } catch (UsageError e) {
      if (e.getMessage() != null) {
        err.println("chaos-proxy: " + e.getMessage());
        err.println("Try 'chaos-proxy --help' for the flags.");
      }
      return e.code;
    }
    if (plan == null) return OK; // --help or --version
    Standalone running;
    try {
      running = Standalone.start(plan);
    } catch (Standalone.StartupException e) {
      err.println("chaos-proxy: cannot start: " + e.getMessage());
      return CANNOT_START;
    }
    Thread hook = new Thread(running::close, "chaos-proxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      running.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.close();
    }
    return OK;
  }

  /**
   * The checked plan, or null when {@code --help} or {@code --version} was answered.
   *
   * @throws UsageError for bad flags
   */
  static Plan parse(String[] args, Map<String, String> env, PrintWriter out) {
    Options options = new Options();
    CommandLine cl = new CommandLine(options);
    cl.setOut(out);
    ParseResult result;
    try {
      result = cl.parseArgs(args);
    } catch (ParameterException e) {
      throw new UsageError(e.getMessage(), USAGE);
    }
    if (result.isUsageHelpRequested()) {
      cl.usage(out);
      return null;
    }
    if (result.isVersionHelpRequested()) {
      cl.printVersionHelp(out);
      return null;
    }
    String level = options.logLevel.toLowerCase(java.util.Locale.ROOT);
    if (!Plan.LOG_LEVELS.contains(level)) {
      throw new UsageError("--log-level must be one of " + String.join(", ", Plan.LOG_LEVELS) + ", was '" + options.logLevel + "'", USAGE);
    }
    // Before any class with a logger loads: slf4j-simple reads its settings once.
    configureLogging(level);
    try {
      return Plan.of(options, env.get("CHAOS_PROXY_API_TOKEN"));
    } catch (Plan.UsageException e) {
      throw new UsageError(e.getMessage(), USAGE);
    }
  }

  /** slf4j-simple, bundled in the standalone jar, reads these before the first logger exists. */
  private static void configureLogging(String level) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
  }

  /** Bad flags, with the exit code to leave with. */
  static final class UsageError extends RuntimeException {
    final int code;

    UsageError(String message, int code) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
