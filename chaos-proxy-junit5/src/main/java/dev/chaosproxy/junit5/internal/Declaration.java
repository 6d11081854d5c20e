package dev.chaosproxy.junit5.internal;

import dev.chaosproxy.ChaosEngine;
import dev.chaosproxy.DataSize;
import dev.chaosproxy.Protocol;
import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.Schedule;
import dev.chaosproxy.Toxic;
import dev.chaosproxy.internal.HostPort;
import dev.chaosproxy.junit5.ChaosProxy.Lifecycle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** One proxy as declared by an annotation or the builder, validated: what to start, and how. */
public final class Declaration {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  final String name;

  /** Where it was declared, for messages: {@code @ChaosProxy(name = "db") on FooTest}. */
  final String source;

  final Upstream upstream;
  final String listenHost;
  final int listenPort;
  final List<Toxic> toxics;
  final boolean down;

  /** Started after the toxics and down, in order; again after each reset of a PER_CLASS proxy. */
  final List<Schedule> schedules;

  final Consumer<? super ProxyControl> setup;
  final Lifecycle lifecycle;
  final boolean systemProperties;
  final Long seed;
  final Duration connectTimeout;
  final DataSize bufferSize;
  final Protocol protocol;

  /**
   * The engine-wide memory budget of the engine this proxy runs on; null: the run's default engine.
   */
  final DataSize memoryBudget;

  private Declaration(Builder b) {
    this.name = b.name;
    this.source = b.source;
    this.upstream = b.upstream;
    this.listenHost = b.listenHost;
    this.listenPort = b.listenPort;
    this.toxics = b.chaos.toxics;
    this.down = b.chaos.down;
    this.schedules = b.chaos.schedules;
    this.setup = b.setup;
    this.lifecycle = b.lifecycle;
    this.systemProperties = b.systemProperties;
    this.seed = b.seed;
    this.connectTimeout = b.connectTimeout;
    this.bufferSize = b.bufferSize;
    this.protocol = b.protocol;
    this.memoryBudget = b.memoryBudget;
  }

  private Declaration(Declaration d, String source) {
    this.name = d.name;
    this.source = source;
    this.upstream = d.upstream;
    this.listenHost = d.listenHost;
    this.listenPort = d.listenPort;
    this.toxics = d.toxics;
    this.down = d.down;
    this.schedules = d.schedules;
    this.setup = d.setup;
    this.lifecycle = d.lifecycle;
    this.systemProperties = d.systemProperties;
    this.seed = d.seed;
    this.connectTimeout = d.connectTimeout;
    this.bufferSize = d.bufferSize;
    this.protocol = d.protocol;
    this.memoryBudget = d.memoryBudget;
  }

  /**
   * This declaration, its source followed by {@code where}: {@code ChaosProxyExtension proxy "db"
   * in field FooTest.chaos}.
   */
  Declaration in(String where) {
    return new Declaration(this, source + " " + where);
  }

  @Override
  public String toString() {
    return source;
  }

  /**
   * Checks a proxy name: it becomes part of system-property names and of the engine's proxy name.
   */
  public static String checkName(String name, String source) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          source
              + ": a proxy name is 1 to 64 letters, digits, '.', '_' or '-', was '"
              + name
              + "'");
    }
    return name;
  }

  public static Builder builder(String name, String source) {
    return new Builder(checkName(name, source), source);
  }

  /**
   * Collects and checks a declaration's parts; each setter fails with the source in the message.
   */
  public static final class Builder {
    final String name;
    final String source;
    Upstream upstream = Upstream.none();
    String upstreamKind;
    String listenHost = "127.0.0.1";
    int listenPort;
    ChaosText.Parsed chaos = ChaosText.parse();
    Consumer<? super ProxyControl> setup;
    Lifecycle lifecycle = Lifecycle.PER_METHOD;
    boolean systemProperties;
    Long seed;
    Duration connectTimeout;
    Protocol protocol = Protocol.TCP;
    DataSize bufferSize;
    DataSize memoryBudget;

    private Builder(String name, String source) {
      this.name = name;
      this.source = source;
    }

    private IllegalArgumentException bad(String what) {
      return new IllegalArgumentException(source + ": " + what);
    }

    private void oneUpstream(String kind) {
      if (upstreamKind != null) {
        throw bad(
            (upstreamKind.equals(kind)
                ? kind + " is given twice"
                : "give either " + upstreamKind + " or " + kind + ", not both"));
      }
      upstreamKind = kind;
    }

    public Builder upstream(String template) {
      oneUpstream("upstream");
      try {
        this.upstream = Upstream.text(template);
      } catch (IllegalArgumentException e) {
        throw bad(e.getMessage());
      }
      return this;
    }

    public Builder container(String spec) {
      oneUpstream("container");
      try {
        this.upstream = Upstream.container(spec);
      } catch (IllegalArgumentException e) {
        throw bad(e.getMessage());
      }
      return this;
    }

    public Builder upstream(java.util.function.Supplier<String> supplier) {
      oneUpstream("upstream");
      this.upstream = Upstream.supplier(Objects.requireNonNull(supplier, "supplier"));
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535)
        throw bad("port must be between 0 (a free port) and 65535, was " + port);
      this.listenPort = port;
      return this;
    }

    public Builder listen(String hostPort) {
      String s = hostPort == null ? "" : hostPort.trim();
      if (s.lastIndexOf(':') <= 0)
        throw bad(
            "listen address is host:port, like 127.0.0.1:0 or 0.0.0.0:15432, was '"
                + hostPort
                + "'");
      HostPort.Parts p = HostPort.split(s);
      if (p.port() < 0 && !s.substring(s.lastIndexOf(':') + 1).startsWith("-")) {
        throw bad("the port in listen address '" + hostPort + "' is not a number");
      }
      port(p.port());
      this.listenHost = p.host();
      return this;
    }

    public Builder chaos(String... faults) {
      try {
        this.chaos = ChaosText.parse(faults);
      } catch (IllegalArgumentException e) {
        throw bad(e.getMessage());
      }
      return this;
    }

    public Builder setup(Consumer<? super ProxyControl> setup) {
      this.setup = Objects.requireNonNull(setup, "setup");
      return this;
    }

    public Builder lifecycle(Lifecycle lifecycle) {
      this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
      return this;
    }

    public Builder systemProperties(boolean publish) {
      this.systemProperties = publish;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "connectTimeout");
      try {
        ChaosEngine.builder()
            .connectTimeout(
                timeout); // core's rule and message, checked here to name the declaration
      } catch (IllegalArgumentException e) {
        throw bad(e.getMessage());
      }
      this.connectTimeout = timeout;
      return this;
    }

    public Builder protocol(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    public Builder bufferSize(DataSize size) {
      Objects.requireNonNull(size, "bufferSize");
      if (size.bytes() < 1024 || size.bytes() > (1 << 30))
        throw bad("bufferSize must be between 1KiB and 1GiB, was " + size);
      this.bufferSize = size;
      return this;
    }

    public Builder memoryBudget(DataSize size) {
      Objects.requireNonNull(size, "memoryBudget");
      if (size.bytes() < 16 * 1024) throw bad("memoryBudget must be at least 16KiB, was " + size);
      this.memoryBudget = size;
      return this;
    }

    public Declaration build() {
      return new Declaration(this);
    }
  }
}
