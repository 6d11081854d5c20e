package dev.chaosproxy.image.internal;

/** A reason {@code build-images} stops, with the exit code it stops with. */
public final class BuildFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code of a bad command line. */
  public static final int USAGE = 2;

  private final int exitCode;

  BuildFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A bad command line: exit code 2. */
  static BuildFailure usage(String message) {
    return new BuildFailure(USAGE, message);
  }

  /** A failed build step: exit code 1. */
  static BuildFailure failed(String message) {
    return new BuildFailure(1, message);
  }

  /** The process exit code for this failure. */
  public int exitCode() {
    return exitCode;
  }
}
