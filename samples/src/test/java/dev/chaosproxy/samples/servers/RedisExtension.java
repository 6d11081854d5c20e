package dev.chaosproxy.samples.servers;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Behind {@link LocalRedis}: skips or fails without redis-server, starts the run's server, injects it. */
final class RedisExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<Path> binary = RedisServer.binary();
    if (binary.isPresent()) return ConditionEvaluationResult.enabled("redis-server at " + binary.get());
    return Servers.missing("redis-server is not on the PATH", RedisServer.INSTALL);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private static RedisServer server(ExtensionContext context) {
    return Shared.get(context, RedisServer.class, () -> RedisServer.start(RedisServer.binary().orElseThrow()),
        redis -> Map.of("redis.host", redis.host(), "redis.port", Integer.toString(redis.port())));
  }
}
