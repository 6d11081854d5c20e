package dev.chaosproxy.samples.servers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against the {@link Shop}, a small Javalin app: one for the whole test run,
 * on a free port of {@code 127.0.0.1}, stopped when the run ends. While it runs, the system
 * properties {@code shop.host} and {@code shop.port} say where it is (so {@code @ChaosProxy(upstream
 * = "${shop.host}:${shop.port}")} finds it), and a {@link Shop} parameter gets its handle, its
 * counts cleared before each test.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ShopExtension.class)
public @interface LocalShop {}
