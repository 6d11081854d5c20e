package dev.chaosproxy.testcontainers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaosproxy.Chaos;
import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.ChaosHandle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The fault vocabulary over the REST API, for a proxy or one connection: its toxics are {@code
 * .../toxics} below {@link #call}'s base path, replaced at once with a PUT.
 */
abstract class RemoteChaos<S extends Chaos<S>> extends ChaosHandle<S> {
  RemoteChaos() {}

  RemoteChaos(Scope scope) {
    super(scope);
  }

  /** {@code method} on this target's path followed by {@code segments}, e.g. {@code "toxics"}. */
  abstract JsonNode call(String method, JsonNode body, String... segments);

  /**
   * The target's toxics as the API shows them now, or null when the target is gone (a closed proxy,
   * an ended connection): reads then answer from the last state seen, as in-process.
   */
  abstract JsonNode readToxics();

  /** What the API last showed of a target, shared by every view of it. */
  abstract static class Seen {
    /** The target's toxics as last seen: what reads answer once it is gone. */
    volatile List<Toxic> toxics = List.of();
  }

  /** The target's last-seen state. */
  abstract Seen seen();

  /**
   * GET the toxics, apply {@code change}, PUT them back: the server replaces them all at once. A
   * change to a target that is gone fails (through {@link #call}), even one that changes nothing.
   */
  @Override
  protected final List<Toxic> update(UnaryOperator<List<Toxic>> change) {
    List<Toxic> before = saw(call("GET", null, "toxics"));
    List<Toxic> next = List.copyOf(change.apply(new ArrayList<>(before)));
    if (next.equals(before)) return next;
    return saw(call("PUT", Wire.toxics(next), "toxics"));
  }

  @Override
  protected final List<Toxic> current() {
    JsonNode json = readToxics();
    return json == null ? seen().toxics : saw(json);
  }

  private List<Toxic> saw(JsonNode json) {
    List<Toxic> toxics = List.copyOf(Wire.toxicList(json));
    seen().toxics = toxics;
    return toxics;
  }

  /** Nothing to write is nothing to do, as in-process (the API refuses an empty injection). */
  @Override
  protected final void injectNow(Direction direction, byte[] bytes) {
    if (bytes.length == 0) {
      injectNothing();
      return;
    }
    ObjectNode body =
        Wire.MAPPER
            .createObjectNode()
            .put("stream", direction.wireName())
            .put("data_base64", Base64.getEncoder().encodeToString(bytes));
    call("POST", body, "inject");
  }

  /**
   * An injection of no bytes: fails where one of some bytes would fail without writing (an ended
   * connection).
   */
  abstract void injectNothing();
}
