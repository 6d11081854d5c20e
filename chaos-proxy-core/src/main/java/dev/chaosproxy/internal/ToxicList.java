package dev.chaosproxy.internal;

import dev.chaosproxy.Direction;
import dev.chaosproxy.Toxic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The fault vocabulary over a plain list of toxics that acts on nothing: the chaos strings, the
 * command-line flags and trixter's endpoints say what they want through it, so they make the toxics
 * the same Java calls make. Its views share one list. Not thread-safe.
 */
public final class ToxicList extends ChaosHandle<ToxicList> {
  private final List<Toxic> toxics;

  public ToxicList() {
    this.toxics = new ArrayList<>();
  }

  private ToxicList(List<Toxic> toxics, Scope scope) {
    super(scope);
    this.toxics = toxics;
  }

  /** As {@link dev.chaosproxy.ProxyControl#slowConnect}. */
  public ToxicList slowConnect(Duration delay) {
    return slowConnectToxic(delay);
  }

  @Override
  protected ToxicList self() {
    return this;
  }

  @Override
  protected ToxicList view(Scope scope) {
    return new ToxicList(toxics, scope);
  }

  @Override
  protected List<Toxic> update(UnaryOperator<List<Toxic>> change) {
    List<Toxic> next = change.apply(new ArrayList<>(toxics));
    toxics.clear();
    toxics.addAll(next);
    return List.copyOf(next);
  }

  @Override
  protected List<Toxic> current() {
    return List.copyOf(toxics);
  }

  @Override
  protected void injectNow(Direction direction, byte[] bytes) {
    throw new UnsupportedOperationException("a toxic list has no connections to inject into");
  }

  @Override
  protected String describe() {
    return "the toxic list";
  }

  @Override
  public String toString() {
    return "ToxicList" + toxics + scopeSuffix();
  }
}
