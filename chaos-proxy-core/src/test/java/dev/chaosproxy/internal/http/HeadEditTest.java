package dev.chaosproxy.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Header edits keep the start line and every field they do not name, byte for byte. */
class HeadEditTest {
  private static String edit(String head, Set<String> remove, Map<String, String> set) {
    byte[] out = HeadEdit.apply(head.getBytes(StandardCharsets.ISO_8859_1), remove, set);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  @Test
  void removesAndSetsFields() {
    Map<String, String> set = new LinkedHashMap<>();
    set.put("Retry-After", "3");
    String head =
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Trace: abc\r\nretry-after: 1\r\nX-Keep:  a \r\n\r\n";
    assertThat(edit(head, Set.of("x-trace"), set))
        .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Keep:  a \r\nRetry-After: 3\r\n\r\n");
  }

  @Test
  void dropsFoldedContinuationsWithTheirField() {
    String head = "GET / HTTP/1.1\r\nX-Long: a\r\n  b\r\nHost: x\r\n\r\n";
    assertThat(edit(head, Set.of("X-Long"), Map.of()))
        .isEqualTo("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  }

  @Test
  void keepsEmptyLinesBeforeTheStartLineAndBareLf() {
    String head = "\r\nGET / HTTP/1.1\nHost: x\nX-A: 1\n\n";
    assertThat(edit(head, Set.of("X-A"), Map.of())).isEqualTo("\r\nGET / HTTP/1.1\nHost: x\n\n");
  }
}
