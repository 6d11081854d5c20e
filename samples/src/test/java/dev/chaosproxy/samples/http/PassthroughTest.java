package dev.chaosproxy.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.HttpMetrics;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import java.io.IOException;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Does an HTTP proxy change anything when no fault matches? 100 requests on one kept-alive OkHttp
 * connection — bodies with a Content-Length, chunked bodies, small JSON — while a fault waits on
 * another route: every body is byte for byte the shop's, every byte the shop sent reached the
 * client, and the proxy's HTTP metrics count 100 GETs answered 200 and no fault.
 */
@LocalShop
@ChaosProxy(name = "api", upstream = "${shop.host}:${shop.port}", protocol = Protocol.HTTP)
class PassthroughTest {
  final OkHttpClient client = new OkHttpClient();

  @Test
  void everyByteAsTheShopSentIt(ProxyControl api, Shop shop) throws IOException {
    api.http().on("POST", "/payments").respond(503);                         // matches none of them
    for (int i = 0; i < 100; i++) {
      int size = 1 + i * 997;
      String path = switch (i % 3) {
        case 0 -> "/files/" + size;
        case 1 -> "/stream/" + size;
        default -> "/quotes/" + i;
      };
      Request request = new Request.Builder().url("http://" + api.host() + ":" + api.port() + path).build();
      try (Response response = client.newCall(request).execute()) {
        assertThat(response.code()).isEqualTo(200);
        byte[] body = response.body().bytes();
        if (i % 3 == 2) assertThat(new String(body)).isEqualTo("{\"id\":\"" + i + "\",\"quote\":\"Everything fails, all the time.\"}");
        else assertThat(body).as(path).isEqualTo(Shop.file(size));
      }
    }

    HttpMetrics http = api.metrics().http();
    assertThat(http.requests()).isEqualTo(100);
    assertThat(http.methods()).isEqualTo(Map.of("GET", 100L));
    assertThat(http.statuses()).isEqualTo(Map.of(200, 100L));
    assertThat(http.faults().values()).allMatch(n -> n == 0);
    assertThat(http.rawConnections()).isZero();
    assertThat(api.metrics().connectionsTotal()).isEqualTo(1);                // kept alive throughout
    assertThat(api.metrics().bytesDownstream()).isEqualTo(api.metrics().receivedDownstream());
    assertThat(shop.arrivals()).hasSize(100);
  }
}
