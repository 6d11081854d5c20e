package dev.chaosproxy.internal.http;

/** A request as the tracker saw it pass: its request line, headers and offsets. */
public final class HttpRequest extends HttpMessage {
  /** What the answer to an {@code Upgrade} or {@code CONNECT} request decided, if anything yet. */
  enum Outcome {
    UNDECIDED,
    TUNNEL,
    HTTP
  }

  final long index;
  String method;
  String target;
  boolean expectContinue;
  boolean asksToSwitch;
  Outcome outcome = Outcome.UNDECIDED;

  HttpRequest(long index) {
    this.index = index;
  }

  /** The request's number on its connection, from 0. */
  public long index() {
    return index;
  }

  /** The method, as sent ({@code GET}, {@code POST}, ...). */
  public String method() {
    return method;
  }

  /** The request target as sent: usually a path with an optional query. */
  public String target() {
    return target;
  }

  /**
   * The path of the target: up to the {@code ?}, or the target itself when it is in absolute form
   * without a path ({@code CONNECT host:port}, {@code *}).
   */
  public String path() {
    String t = target;
    if (t.startsWith("http://") || t.startsWith("https://")) {
      int slash = t.indexOf('/', t.indexOf("//") + 2);
      t = slash < 0 ? "/" : t.substring(slash);
    }
    int q = t.indexOf('?');
    return q < 0 ? t : t.substring(0, q);
  }

  /** The query after the {@code ?} (without it), or null when there is none. */
  public String query() {
    int q = target.indexOf('?');
    return q < 0 ? null : target.substring(q + 1);
  }

  /**
   * Whether it asks to switch protocols ({@code Upgrade}) or to open a tunnel ({@code CONNECT}).
   */
  public boolean asksToSwitch() {
    return asksToSwitch;
  }

  /** Whether the request sent {@code Expect: 100-continue}. */
  public boolean expectContinue() {
    return expectContinue;
  }

  @Override
  public String toString() {
    return "request #" + (index + 1) + " " + method + " " + target + " " + version;
  }
}
