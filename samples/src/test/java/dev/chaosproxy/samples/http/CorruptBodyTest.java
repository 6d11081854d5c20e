package dev.chaosproxy.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import dev.chaosproxy.samples.servers.LocalShop;
import dev.chaosproxy.samples.servers.Shop;
import java.io.IOException;
import java.util.zip.CRC32;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Would I notice a download corrupted on its way? The proxy changes about one byte in a thousand
 * of the body and keeps its length: HTTP/1.1 and the client see a perfectly good 200 with the
 * right Content-Length; only a checksum of the content tells.
 */
@LocalShop
@ChaosProxy(name = "api", upstream = "${shop.host}:${shop.port}", protocol = Protocol.HTTP)
class CorruptBodyTest {
  static final int SIZE = 64 * 1024;

  final OkHttpClient client = new OkHttpClient();

  @Test
  void onlyAChecksumTells(ProxyControl api) throws IOException {
    api.http().on("GET", "/files/**").corruptBody(0.001);
    Request request = new Request.Builder().url("http://" + api.host() + ":" + api.port() + "/files/" + SIZE).build();

    byte[] body;
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);                              // nothing wrong, says HTTP
      assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(SIZE));
      body = response.body().bytes();
    }
    byte[] sent = Shop.file(SIZE);
    assertThat(body).hasSize(SIZE);                                           // length equal
    assertThat(crc32(body)).isNotEqualTo(crc32(sent));                        // checksum differs
    int changed = 0;
    for (int i = 0; i < SIZE; i++) if (body[i] != sent[i]) changed++;
    assertThat(changed).isBetween(20, 200);                                   // about 65 of 65,536

    api.clear();
    try (Response response = client.newCall(request).execute()) {
      assertThat(crc32(response.body().bytes())).isEqualTo(crc32(sent));
    }
  }

  static long crc32(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
