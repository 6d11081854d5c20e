package dev.chaosproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one reader and writer of host:port. */
class HostPortTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      localhost:6379   | localhost | 6379
      [::1]:6379       | ::1       | 6379
      ' db:5432 '      | db        | 5432
      :8474            | ''        | 8474
      host             | host      | -1
      host:port        | host      | -1
      """)
  void splitsAtTheLastColonAndTakesBracketsOff(String text, String host, int port) {
    assertThat(HostPort.split(text)).isEqualTo(new HostPort.Parts(host == null ? "" : host, port));
  }

  @Test
  void anUpstreamNeedsAHostAndAPortFrom1To65535() {
    InetSocketAddress a = HostPort.upstream("[::1]:6379");
    assertThat(a.isUnresolved()).as("not resolved").isTrue();
    assertThat(a.getHostString()).isEqualTo("::1");
    assertThat(a.getPort()).isEqualTo(6379);
    assertThatThrownBy(() -> HostPort.upstream("localhost"))
        .hasMessage("an address is host:port, like localhost:6379 or [::1]:6379, was 'localhost'");
    assertThatThrownBy(() -> HostPort.upstream(":80"))
        .hasMessageContaining("an address is host:port");
    assertThatThrownBy(() -> HostPort.upstream("h:0"))
        .hasMessage("the port in 'h:0' must be between 1 and 65535");
    assertThatThrownBy(() -> HostPort.upstream("h:65536"))
        .hasMessage("the port in 'h:65536' must be between 1 and 65535");
  }

  @Test
  void aListenAddressMayOmitTheHostAndUsePort0() {
    assertThat(HostPort.listen(":0").getAddress().isAnyLocalAddress()).isTrue();
    assertThat(HostPort.listen("127.0.0.1:8474").getPort()).isEqualTo(8474);
    assertThatThrownBy(() -> HostPort.listen("127.0.0.1:-1"))
        .hasMessageContaining("a port between 0 and 65535");
    assertThatThrownBy(() -> HostPort.listen("8474"))
        .hasMessageContaining("like 127.0.0.1:8080 or :8080");
  }

  @Test
  void formatsIpv6InBrackets() {
    assertThat(HostPort.format("::1", 80)).isEqualTo("[::1]:80");
    assertThat(HostPort.format("[::1]", 80)).isEqualTo("[::1]:80");
    assertThat(HostPort.format("db", 5432)).isEqualTo("db:5432");
    assertThat(HostPort.format(new InetSocketAddress("127.0.0.1", 9))).isEqualTo("127.0.0.1:9");
    assertThat(HostPort.format((InetSocketAddress) null)).isEqualTo("-");
  }
}
