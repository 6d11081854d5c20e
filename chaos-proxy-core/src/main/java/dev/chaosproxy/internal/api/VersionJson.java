package dev.chaosproxy.internal.api;

import dev.chaosproxy.internal.api.http.Response;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /version}'s body: the Toxiproxy version we speak, and ours. Written without Jackson,
 * as the {@link StartingApi} answers it before the JSON classes load.
 */
final class VersionJson {
  private VersionJson() {}

  static byte[] of(String serverVersion) {
    return ("{\"version\":\""
            + ToxiproxyApi.TOXIPROXY_VERSION
            + "\",\"server\":\"chaos-proxy\",\"server_version\":\""
            + Response.escape(serverVersion)
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
