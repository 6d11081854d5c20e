package dev.chaosproxy.junit5.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
  final Map<String, String> config = Map.of("pg.port", "5432", "empty", "");
  final Map<String, String> env =
      Map.of("REDIS_PORT", "6379", "pg.port", "1", "HOST-NAME", "x", "DB_HOST", "db.local");
  final Map<String, String> sysprops = Map.of("kafka.port", "19092");
  final Placeholders placeholders =
      new Placeholders(sysprops::get, k -> Optional.ofNullable(config.get(k)), env);

  @Test
  void configurationParametersComeBeforeTheEnvironment() throws Exception {
    assertThat(placeholders.resolve("localhost:${pg.port}")).isEqualTo("localhost:5432");
  }

  @Test
  void systemPropertiesComeFirst() throws Exception {
    assertThat(
            new Placeholders(
                    Map.of("pg.port", "1")::get, k -> Optional.ofNullable(config.get(k)), env)
                .resolve("h:${pg.port}"))
        .isEqualTo("h:1");
  }

  @Test
  void theEnvironmentIsAskedForTheKeyThenItsUpperCaseUnderscoreForm() throws Exception {
    assertThat(placeholders.resolve("${db.host}:${redis.port}")).isEqualTo("db.local:6379");
    assertThat(placeholders.resolve("${redis-port}")).isEqualTo("6379");
    assertThat(placeholders.resolve("${REDIS_PORT}")).isEqualTo("6379");
  }

  @Test
  void defaultsApplyOnlyWhenNothingDefinesTheKey() throws Exception {
    assertThat(placeholders.resolve("localhost:${kafka.port:9092}")).isEqualTo("localhost:19092");
    assertThat(placeholders.resolve("localhost:${zk.port:2181}")).isEqualTo("localhost:2181");
    assertThat(placeholders.resolve("localhost:${pg.port:1}")).isEqualTo("localhost:5432");
    assertThat(placeholders.resolve("${empty:x}")).isEmpty();
    assertThat(placeholders.resolve("no placeholders")).isEqualTo("no placeholders");
  }

  @Test
  void anUnknownKeySaysWhereItWasLookedFor() {
    assertThatThrownBy(() -> placeholders.resolve("localhost:${mongo.port}"))
        .isInstanceOf(Placeholders.Unresolved.class)
        .hasMessage(
            "placeholder ${mongo.port} in 'localhost:${mongo.port}' is not a system property, a JUnit configuration "
                + "parameter or an environment variable (mongo.port or MONGO_PORT); define it, or give a default: ${mongo.port:value}");
  }

  @Test
  void malformedPlaceholdersSayHowToWriteThem() {
    assertThatThrownBy(() -> placeholders.resolve("localhost:${pg.port"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not closed; write ${key} or ${key:default}");
    assertThatThrownBy(() -> placeholders.resolve("localhost:${}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has a placeholder without a key");
  }
}
