package dev.chaosproxy.samples.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chaosproxy.ChaosEvent;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The payment went through, but the client saw a reset: what now? The proxy forwards the payment
 * and resets the connection where the answer would begin. The shop processed it; the client got
 * an IOException and cannot tell "not paid" from "paid, answer lost" — which is why payments
 * carry an idempotency key. The JDK client does not resend a POST; OkHttp, by default, does when
 * the reset came on a connection it had used before, and the shop is paid twice.
 */
@LocalShop
@ChaosProxy(name = "api", upstream = "${shop.host}:${shop.port}", protocol = Protocol.HTTP)
class AbortBeforeResponseTest {
  static final String PAYMENT = "{\"amount\":10,\"idempotencyKey\":\"pay-1\"}";

  @Test
  void theShopIsPaidTheJdkClientSeesAReset(ProxyControl api, Shop shop) {
    api.http().on("POST", "/payments").abortBeforeResponse();
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest pay = HttpRequest.newBuilder(URI.create("http://" + api.host() + ":" + api.port() + "/payments"))
        .POST(HttpRequest.BodyPublishers.ofString(PAYMENT))
        .build();

    assertThrows(IOException.class, () -> client.send(pay, HttpResponse.BodyHandlers.ofString()));
    assertThat(shop.payments()).containsExactly(PAYMENT);                      // processed once, answer lost
    assertThat(api.events()).extracting(ChaosEvent::request).containsExactly("POST /payments #1");
  }

  @Test
  void okHttpWithoutConnectionRetriesSeesAReset(ProxyControl api, Shop shop) throws IOException {
    api.http().on("POST", "/payments").abortBeforeResponse();
    OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

    quote(client, api);                                                       // the connection has served a request
    assertThrows(IOException.class, () -> pay(client, api));
    assertThat(shop.payments()).containsExactly(PAYMENT);
  }

  @Test
  void okHttpByDefaultResendsThePaymentOnAReusedConnection(ProxyControl api, Shop shop) throws IOException {
    api.http().on("POST", "/payments").first(1).abortBeforeResponse();        // only the first answer is lost
    OkHttpClient client = new OkHttpClient();                                 // retryOnConnectionFailure(true)

    quote(client, api);
    assertThat(pay(client, api)).isEqualTo(201);                              // the client saw a success...
    assertThat(shop.payments()).containsExactly(PAYMENT, PAYMENT);            // ...and the shop was paid twice
  }

  static void quote(OkHttpClient client, ProxyControl api) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url(api, "/quotes/1")).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      response.body().string();
    }
  }

  static int pay(OkHttpClient client, ProxyControl api) throws IOException {
    Request request = new Request.Builder().url(url(api, "/payments"))
        .post(RequestBody.create(PAYMENT, MediaType.get("application/json")))
        .build();
    try (Response response = client.newCall(request).execute()) {
      return response.code();
    }
  }

  static String url(ProxyControl api, String path) {
    return "http://" + api.host() + ":" + api.port() + path;
  }
}
