package dev.chaosproxy.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which requests a matcher picks, and what it says about bad input. */
class HttpMatchTest {
  /** The request of {@code head}, as the tracker reads it. */
  private static HttpRequest request(String head) {
    Recorder r = new Recorder();
    byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
    new HttpTracker(r).requests().feed(bytes, 0, bytes.length);
    return r.requests.get(0);
  }

  private static HttpRequest get(String target) {
    return request("GET " + target + " HTTP/1.1\r\nHost: x\r\nX-Tenant: blue\r\n\r\n");
  }

  @Test
  void globsMatchSegmentsAndBelow() {
    HttpMatch below = HttpMatch.of("", "/search/**", "", "");
    assertThat(below.matches(get("/search"))).isTrue();
    assertThat(below.matches(get("/search/a/b?q=1"))).isTrue();
    assertThat(below.matches(get("/searching"))).isFalse();
    HttpMatch one = HttpMatch.of("", "/items/*/price", "", "");
    assertThat(one.matches(get("/items/42/price"))).isTrue();
    assertThat(one.matches(get("/items/4/2/price"))).isFalse();
    HttpMatch exact = HttpMatch.of("", "/a.b", "", "");
    assertThat(exact.matches(get("/a.b"))).isTrue();
    assertThat(exact.matches(get("/aXb"))).isFalse(); // '.' is literal
    assertThat(HttpMatch.of("", "/x?", "", "").matches(get("/xy"))).isTrue();
    assertThat(HttpMatch.of("", "/**/*.json", "", "").matches(get("/a/b/c.json"))).isTrue();
  }

  @Test
  void absoluteFormTargetsMatchByPath() {
    assertThat(HttpMatch.of("", "/pay", "", "").matches(get("http://shop:8080/pay?x=1"))).isTrue();
  }

  @Test
  void methodsRegexAndHeaders() {
    assertThat(HttpMatch.of("get,HEAD", "", "", "").matches(get("/"))).isTrue();
    assertThat(HttpMatch.of("POST", "", "", "").matches(get("/"))).isFalse();
    assertThat(HttpMatch.of("*", "", "", "")).isSameAs(HttpMatch.ANY);
    assertThat(HttpMatch.of("", "", "/v[0-9]+/.*", "").matches(get("/v2/users"))).isTrue();
    assertThat(HttpMatch.of("", "", "/v[0-9]+", "").matches(get("/v2/users"))).isFalse();
    assertThat(HttpMatch.of("", "", "", "x-tenant").matches(get("/"))).isTrue();
    assertThat(HttpMatch.of("", "", "", "X-Tenant: blue").matches(get("/"))).isTrue();
    assertThat(HttpMatch.of("", "", "", "X-Tenant: red").matches(get("/"))).isFalse();
    assertThat(HttpMatch.of("", "", "", "X-Other").matches(get("/"))).isFalse();
  }

  @Test
  void badInputNamesTheAttributeAndWhatIsValid() {
    assertThatThrownBy(() -> HttpMatch.of("FETCH", "", "", ""))
        .hasMessageContaining("attribute 'method'")
        .hasMessageContaining("unknown method \"FETCH\"")
        .hasMessageContaining("GET, HEAD, POST");
    assertThatThrownBy(() -> HttpMatch.of("", "search", "", ""))
        .hasMessageContaining("attribute 'path'")
        .hasMessageContaining("starts with '/'");
    assertThatThrownBy(() -> HttpMatch.of("", "", "([", ""))
        .hasMessageContaining("attribute 'path_regex' is not a valid regular expression");
    assertThatThrownBy(() -> HttpMatch.of("", "/a", "/b", "")).hasMessageContaining("not both");
    assertThatThrownBy(() -> HttpMatch.of("", "", "", "Bad Name: x"))
        .hasMessageContaining("attribute 'header'");
  }

  @Test
  void describesItself() {
    assertThat(HttpMatch.of("GET", "/search/**", "", "X-Tenant: blue"))
        .hasToString("GET /search/** [X-Tenant: blue]");
    assertThat(HttpMatch.ANY).hasToString("any request");
  }
}
