package dev.chaosproxy.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import java.io.IOException;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Is my retry on 500 safe for an order? The proxy forwards the first order and replaces the shop's
 * 201 with a 500: the shop took the order, the client heard it failed. A client that retries
 * every 500 orders again, and the shop now holds two orders for one click.
 */
@LocalShop
@ChaosProxy(name = "api", upstream = "${shop.host}:${shop.port}", protocol = Protocol.HTTP)
class ReplaceTest {
  final OkHttpClient client = new OkHttpClient();

  int order(ProxyControl api) throws IOException {
    Request request = new Request.Builder().url("http://" + api.host() + ":" + api.port() + "/orders")
        .post(RequestBody.create("{\"book\":42}", MediaType.get("application/json")))
        .build();
    try (Response response = client.newCall(request).execute()) {
      return response.code();
    }
  }

  @Test
  void theServerDidTheWorkTheClientSawA500(ProxyControl api, Shop shop) throws IOException {
    api.http().on("POST", "/orders").first(1).replace(500, Map.of(), "internal error");

    assertThat(order(api)).isEqualTo(500);
    assertThat(shop.hits("POST /orders")).isEqualTo(1);                        // forwarded: the shop took it

    int retried = order(api);                                                 // a retry on 500, as many clients do
    assertThat(retried).isEqualTo(201);
    assertThat(shop.hits("POST /orders")).isEqualTo(2);                        // two orders for one click
    assertThat(api.metrics().http().statuses()).containsEntry(500, 1L).containsEntry(201, 1L);
  }
}
