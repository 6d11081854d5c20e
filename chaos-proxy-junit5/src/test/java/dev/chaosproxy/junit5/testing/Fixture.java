package dev.chaosproxy.junit5.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that the tests run with {@link Kit} (EngineTestKit): it is disabled when the
 * build's own test run picks it up, because some fixtures fail on purpose.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(Kit.OnlyInKit.class)
public @interface Fixture {}
