package dev.chaosproxy.internal.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code java -jar chaos-proxy.jar}: parses the flags, sets up logging, starts the proxies and the
 * control API, and stops gracefully on SIGTERM or Ctrl-C. Exit codes: 0 for {@code --help} and
 * {@code --version}, 1 when it could not start, 2 for bad flags, and after the graceful stop the
 * JVM's 143 (SIGTERM) or 130 (SIGINT); {@link Fatal#EXIT_CODE} (70) on an Error on any thread or
 * when the graceful stop wedges.
 */
public final class Main {
  static final int OK = 0;
  static final int CANNOT_START = 1;
  static final int USAGE = 2;

  /** How the program is run, for usage lines and hints. */
  static final String PROGRAM = "java -jar chaos-proxy.jar";

  private Main() {}

  public static void main(String[] args) {
    // First of all, before logging or JSON classes load: clients that connect while we start are
    // answered /version at once, and their other calls once the API is up.
    EarlyListener early = EarlyListener.bind(args, System.getenv());
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, System.getenv(), out, err, early);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs until stopped; returns the exit code. */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return run(args, env, out, err, EarlyListener.none());
  }

  private static int run(
      String[] args,
      Map<String, String> env,
      PrintWriter out,
      PrintWriter err,
      EarlyListener early) {
    Plan plan;
    try {
      plan = parse(args, env, out);
    } catch (UsageError e) {
      // The message first: closing an inherited API socket (the image's launcher) makes the JDK
      // point fds 0-2 at /dev/null, and the container's log would end without it.
      if (e.getMessage() != null) {
        err.println("chaos-proxy: " + e.getMessage());
        err.println("Try '" + PROGRAM + " --help' for the flags.");
        err.flush();
      }
      early.fail(e.getMessage() == null ? "stopped" : e.getMessage());
      early.close();
      return e.code;
    }
    if (plan == null) {
      early.close();
      return OK; // --help or --version
    }
    Fatal.onUncaughtErrors();
    Standalone running;
    try {
      running = Standalone.start(plan, early);
    } catch (Standalone.StartupException e) {
      err.println("chaos-proxy: cannot start: " + e.getMessage());
      err.flush();
      early.close(); // after the message, as above
      return CANNOT_START;
    }
    // The hook before the "ready" line: a SIGTERM sent as soon as "ready" is read stops gracefully.
    // A watchdog halts the process if that stop wedges, so a signal always ends it.
    long watchdogMillis = running.gracePeriod().toMillis() + 1000;
    try {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    Fatal.watchdog(watchdogMillis);
                    running.close();
                  },
                  "chaos-proxy-shutdown"));
    } catch (IllegalStateException shuttingDown) {
      running.close(); // signalled while starting
      return OK;
    }
    running.announceReady();
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
    } catch (UnmatchedArgumentException e) {
      throw new UsageError(unmatched(e, cl), USAGE);
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
      throw new UsageError(
          "--log-level must be one of "
              + String.join(", ", Plan.LOG_LEVELS)
              + ", was '"
              + options.logLevel
              + "'",
          USAGE);
    }
    // Before any class with a logger loads: slf4j-simple reads its settings once.
    configureLogging(level);
    try {
      return Plan.of(
          options, env.get("CHAOS_PROXY_API_TOKEN"), env.get("CHAOS_PROXY_API_ALLOWED_HOSTS"));
    } catch (Plan.UsageException e) {
      throw new UsageError(e.getMessage(), USAGE);
    }
  }

  /** An unknown flag or a stray argument: what was wrong, and the flags that would be right. */
  private static String unmatched(UnmatchedArgumentException e, CommandLine cl) {
    List<String> suggestions = e.getSuggestions();
    if (!suggestions.isEmpty())
      return e.getMessage() + "; did you mean " + String.join(" or ", suggestions) + "?";
    List<String> flags = new ArrayList<>();
    for (OptionSpec o : cl.getCommandSpec().options()) flags.add(o.longestName());
    return e.getMessage()
        + (e.isUnknownOption() ? "; the flags are " : " (this program takes flags only: ")
        + String.join(", ", flags)
        + (e.isUnknownOption() ? "" : ")");
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
