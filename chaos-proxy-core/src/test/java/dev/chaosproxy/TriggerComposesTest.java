package dev.chaosproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.internal.chaos.Attr;
import dev.chaosproxy.internal.chaos.ToxicDescriptor;
import dev.chaosproxy.testing.Sockets;
import dev.chaosproxy.testing.TestServer;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A connection trigger composes with every toxic type: the chosen connection gets it, the next does
 * not.
 */
class TriggerComposesTest {
  private final ChaosEngine engine = ChaosEngine.builder().seed(1).build();
  private final TestServer echo = TestServer.echo();

  @AfterEach
  void close() {
    engine.close();
    echo.close();
  }

  @ParameterizedTest
  @EnumSource(ToxicType.class)
  void onlyTheChosenConnectionGetsIt(ToxicType type) throws Exception {
    ProxyBuilder b = engine.newProxy("p").upstream(echo.address());
    ProxyControl p = (type.isHttp() ? b.http() : b).start();
    Map<String, Object> attrs = new LinkedHashMap<>();
    for (Attr a : ToxicDescriptor.of(type).attributes()) {
      if (a.defaultValue() == null && a.shownWhenDefault()) {
        attrs.put(a.name(), a.kind() == Attr.Kind.PROBABILITY ? (Object) 0.5 : (Object) 1000L);
      }
    }
    if (type == ToxicType.HTTP_HEADER) attrs.put("remove", "X-Old"); // one of set or remove
    if (type == ToxicType.SESSION_LIMIT) attrs.put("duration", 60_000L); // not a refusal: it stays
    Toxic t = Toxic.of(type, Direction.DOWNSTREAM, attrs).when(Trigger.connections(1, 1));
    p.add(t);
    try (Socket first = Sockets.connect(p);
        Socket second = Sockets.connect(p)) {
      dev.chaosproxy.testing.Polls.await("the second connection listed")
          .until(
              () ->
                  p.connections().stream()
                      .anyMatch(c -> c.client().getPort() == second.getLocalPort()));
      List<ConnectionInfo> live = p.connections();
      // the second connection never has it; the first has it unless it ended by it already
      for (ConnectionInfo c : live) {
        if (c.client().getPort() == second.getLocalPort()) assertThat(c.toxics()).isEmpty();
        if (c.client().getPort() == first.getLocalPort())
          assertThat(c.toxics()).containsExactly(t.name());
      }
      assertThat(live.stream().anyMatch(c -> c.client().getPort() == second.getLocalPort()))
          .as("the second connection is live")
          .isTrue();
      assertThat(p.events()).allMatch(e -> e.connectionNumber() == 1);
    }
    p.close();
  }
}
