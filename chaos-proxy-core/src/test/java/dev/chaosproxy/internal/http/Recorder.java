package dev.chaosproxy.internal.http;

import dev.chaosproxy.Direction;
import java.util.ArrayList;
import java.util.List;

/** Writes down what a tracker reported, one line per event, offsets included. */
final class Recorder implements HttpListener {
  final List<String> events = new ArrayList<>();
  final List<HttpRequest> requests = new ArrayList<>();
  final List<HttpResponse> responses = new ArrayList<>();

  @Override
  public void requestHead(HttpRequest r) {
    requests.add(r);
    events.add(
        "request #"
            + r.index()
            + " "
            + r.method()
            + " "
            + r.target()
            + " head "
            + r.headStart()
            + ".."
            + r.headEnd()
            + " "
            + r.framing()
            + (r.contentLength() >= 0 ? " " + r.contentLength() : ""));
  }

  @Override
  public void requestEnd(HttpRequest r) {
    events.add("request #" + r.index() + " ends " + r.bodyEnd());
  }

  @Override
  public void responseHead(HttpResponse r) {
    responses.add(r);
    events.add(
        "response "
            + r.status()
            + " to "
            + (r.request() == null ? "none" : "#" + r.request().index())
            + " head "
            + r.headStart()
            + ".."
            + r.headEnd()
            + " "
            + r.framing()
            + (r.contentLength() >= 0 ? " " + r.contentLength() : ""));
  }

  @Override
  public void responseEnd(HttpResponse r) {
    events.add("response " + r.status() + " ends " + r.bodyEnd());
  }

  @Override
  public void passthrough(Direction direction, long offset, String reason) {
    events.add("passthrough " + direction.wireName() + " at " + offset + ": " + reason);
  }

  @Override
  public void gaveUp(Direction direction, long offset, String reason) {
    events.add("gave up " + direction.wireName() + " at " + offset + ": " + reason);
  }

  @Override
  public void endOfStream(Direction direction, long offset, boolean midMessage) {
    events.add(
        "eof " + direction.wireName() + " at " + offset + (midMessage ? " mid-message" : ""));
  }
}
