package dev.chaosproxy.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects the proxy a {@link dev.chaosproxy.ProxyControl} parameter receives when a test has
 * several: {@code void test(@ProxyName("db") ProxyControl db, @ProxyName("cache") ProxyControl
 * cache)}. Without it, a test with one proxy gets that one, and a parameter named like a proxy gets
 * that proxy when the code is compiled with {@code -parameters}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ProxyName {
  /** The proxy's {@link ChaosProxy#name()}. */
  String value();
}
