package dev.chaosproxy.testcontainers.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs a Docker engine: skipped with the reason when none
 * answers, failed instead when {@code CHAOS_PROXY_REQUIRE_DOCKER=true} (as in CI). Tagged {@code
 * docker}, so {@code -Dgroups=docker} or {@code -DexcludedGroups=docker} select them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("docker")
@ExtendWith(DockerCondition.class)
public @interface RequiresDocker {}
