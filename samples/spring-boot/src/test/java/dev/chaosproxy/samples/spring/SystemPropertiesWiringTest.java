package dev.chaosproxy.samples.spring;

import static dev.chaosproxy.junit5.ChaosProxy.Lifecycle.PER_CLASS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The one-line wiring: {@code systemProperties = true} publishes {@code chaos-proxy.quotes.address}
 * while the proxy lives, and a property placeholder reads it; no {@code @DynamicPropertySource}.
 */
@SpringBootTest(properties = "quotes.base-url=http://${chaos-proxy.quotes.address}")
@ChaosProxy(name = "quotes", lifecycle = PER_CLASS, systemProperties = true)
class SystemPropertiesWiringTest {
  @Value("${quotes.base-url}")
  String baseUrl;

  @Test
  void thePlaceholderNamesTheProxy(ProxyControl quotes) {
    assertThat(baseUrl).isEqualTo("http://" + quotes.host() + ":" + quotes.port());
  }
}
