package dev.chaosproxy.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalShop;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * What if a header goes missing or appears on the way, as behind a misconfigured gateway? The
 * proxy drops the shop's {@code ETag} and adds {@code Cache-Control: no-store} to the answer, and
 * adds {@code X-Request-Id} to the request the shop gets while dropping the client's {@code
 * User-Agent}. The shop's own {@code X-Backend} passes untouched.
 */
@LocalShop
@ChaosProxy(name = "api", upstream = "${shop.host}:${shop.port}", protocol = Protocol.HTTP)
class HeadersTest {
  final OkHttpClient client = new OkHttpClient();

  @Test
  void headersAreAddedAndRemovedBothWays(ProxyControl api) throws IOException {
    api.http()
        .on("GET", "/headers").removeHeader("ETag")                           // the answer's
        .on("GET", "/headers").addRequestHeader("X-Request-Id", "chaos-1")    // the request's
        .on("GET", "/headers").removeRequestHeader("User-Agent")
        .on("GET", "/headers").addHeader("Cache-Control", "no-store");
    assertThat(api.toxics()).hasSize(4);                                      // four http_header toxics, one per change

    Request request = new Request.Builder().url("http://" + api.host() + ":" + api.port() + "/headers").build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.header("ETag")).isNull();                          // dropped
      assertThat(response.header("Cache-Control")).isEqualTo("no-store");    // added
      assertThat(response.header("X-Backend")).isEqualTo("shop");            // untouched
      String seenByShop = response.body().string();
      assertThat(seenByShop).contains("x-request-id: chaos-1").doesNotContain("user-agent");
    }
  }
}
