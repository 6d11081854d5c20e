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

/** Behind {@link LocalPostgres}: skips or fails without binaries, starts the run's cluster, injects it. */
final class PostgresExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<Path> bin = PostgresServer.binaries();
    if (bin.isPresent()) return ConditionEvaluationResult.enabled("PostgreSQL binaries in " + bin.get());
    return Servers.missing("the PostgreSQL server binaries (initdb, pg_ctl, postgres) are neither in "
        + PostgresServer.DEBIAN_ROOT + "/<version>/bin nor on the PATH", PostgresServer.INSTALL);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  private static PostgresServer server(ExtensionContext context) {
    return Shared.get(context, PostgresServer.class, () -> PostgresServer.start(PostgresServer.binaries().orElseThrow()),
        pg -> Map.of("pg.host", pg.host(), "pg.port", Integer.toString(pg.port())));
  }
}
