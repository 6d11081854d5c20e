package dev.chaosproxy.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts an in-process chaos proxy for each test, between the code under test and {@link
 * #upstream()}, and injects it as a {@link dev.chaosproxy.ProxyControl} parameter.
 *
 * <pre>{@code
 * @ChaosProxy(name = "db", upstream = "localhost:${pg.port}", chaos = "downstream delay 2s")
 * class SlowDatabaseTest {
 *   @Test
 *   void givesUpInTime(ProxyControl db) {
 *     DataSource ds = dataSource("jdbc:postgresql://" + db.host() + ":" + db.port() + "/app?socketTimeout=1");
 *     assertThrows(SQLException.class, () -> countOrders(ds));
 *   }
 * }
 * }</pre>
 *
 * <p>On a class (and so its subclasses and {@code @Nested} classes) or a test interface it declares
 * a proxy for every test of the class; on a test method, for that test; on an annotation, for
 * whatever that annotation is on. Repeatable, one per proxy. A name declared again on a subclass
 * replaces the superclass's declaration, and one on a class its interface's; otherwise names are
 * unique among the proxies a test sees. Each test gets a new proxy on a free port, closed when the
 * test ends; with {@link Lifecycle#PER_CLASS} a class's proxy keeps its port for all of the class's
 * tests, and after each test its chaos goes back to what is declared here.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(ChaosProxies.class)
@ExtendWith(ChaosProxyExtension.class)
public @interface ChaosProxy {

  /**
   * The proxy's name: selects the {@code ProxyControl} parameter ({@link ProxyName}) and names the
   * {@linkplain #systemProperties() system properties}. Letters, digits, {@code . _ -}.
   */
  String name();

  /**
   * Where the proxy forwards to, {@code host:port}, with {@code ${key}} or {@code ${key:default}}
   * placeholders resolved from system properties, JUnit configuration parameters, then the
   * environment ({@code key}, then {@code KEY} with dots and dashes as underscores): {@code
   * "localhost:${pg.port}"}. Empty: no upstream yet; clients are reset until the test calls {@link
   * dev.chaosproxy.ProxyControl#retarget(String)}, or use {@link #container()}.
   */
  String upstream() default "";

  /**
   * A Testcontainers container field of the test class (static, or an instance field for a per-test
   * proxy), as {@code "field"} when it exposes one port or {@code "field:containerPort"}; the proxy
   * forwards to its host and mapped port once it runs. Needs Testcontainers on the test classpath;
   * excludes {@link #upstream()}.
   */
  String container() default "";

  /**
   * What the proxy understands of the bytes: {@link dev.chaosproxy.Protocol#HTTP} follows HTTP/1.1
   * on each connection so that HTTP faults ({@code proxy.http()}, {@code http ...} chaos strings)
   * can act per request; every byte still passes as it came unless one does. Default {@code TCP}.
   */
  dev.chaosproxy.Protocol protocol() default dev.chaosproxy.Protocol.TCP;

  /** The port to listen on at {@code 127.0.0.1}; {@code 0}, the default, picks a free one. */
  int port() default 0;

  /**
   * The chaos the proxy starts with, one fault per string, in the words of {@link
   * dev.chaosproxy.Chaos}: an optional {@code upstream} or {@code downstream} (default: both
   * directions), an optional {@code toxicity FRACTION}, optional triggers ({@code first N}, {@code
   * connections N..M}, {@code every N}, {@code client CIDR}, {@code ports A..B}, {@code after
   * SIZE|DURATION}, {@code seen TEXT}, {@code matching REGEX}, {@code during A..B}, {@code once}),
   * then one of
   *
   * <pre>
   * delay 250ms [jitter 50ms]           throttle 10KiB/s [shared | link NAME]   slice 64B [variation 16B] [pause 1ms]
   * corrupt 0.01    flipBits 1%         terminate 0.001              stall 5% pause 200ms
   * timeout 2s      blackhole           resetPeer [100ms]            slowClose 500ms
   * limitData 1KiB  sessionLimit 1s     slowConnect 300ms            packetLoss 5% [correlation 25%]
   * refuse          down
   * </pre>
   *
   * Durations take {@code us ms s m}; sizes {@code B KB MB KiB MiB}; probabilities {@code 0..1} or
   * a percentage. The prefixes stand before the fault's name, in either order; {@code sessionLimit}
   * and {@code slowConnect} act on the whole connection, and a direction prefix only says which
   * view lists them, as in Java. Example: {@code chaos = {"downstream delay 100ms", "toxicity 0.5
   * resetPeer", "first 2 refuse", "upstream seen \"COMMIT\" resetPeer"}}.
   *
   * <p>A string that starts with {@code schedule} starts a schedule on the proxy (see {@code
   * ProxyControl.schedule}): {@code "schedule down 3s"}, {@code "schedule name flap repeat {
   * blackhole for 500ms; pause 1500ms }"}; the test gets it with {@code proxy.schedule("flap")}.
   *
   * <p>On an HTTP proxy ({@link #protocol()} {@code = HTTP}), a string that starts with {@code
   * http} is an HTTP fault, in the words of {@link dev.chaosproxy.HttpRoute}: {@code http [METHOD]
   * [PATH-GLOB]}, then optional {@code header NAME[: VALUE]}, {@code pathMatching REGEX}, {@code
   * first N} (requests), {@code fraction F} (or {@code toxicity F}) and {@code named NAME}, then
   * one of
   *
   * <pre>
   * respond 503 [body "busy"] [header "Retry-After: 5"]... [retryAfter 5s]    replace 500 [...as respond]
   * delay request|response|body 2s [after 4KiB]     abort response|headers|body [after 1KiB] [reset|close]
   * throttle body|request 10KiB/s    corrupt body|request 1%    addHeader [request] "Name: value"
   * removeHeader [request] NAME
   * </pre>
   *
   * or HttpRoute's own names ({@code delayBody 1s}, {@code closeAfterHeaders}, {@code
   * abortAfterBody 1KiB}, {@code addRequestHeader "X-A: 1"}, ...). Example: {@code "http GET
   * /search/** fraction 20% respond 503 retryAfter 5s"}, {@code "http POST /pay first 2 abort
   * headers"}. A connection trigger or a toxicity may stand before {@code http} ({@code "first 2
   * http /a respond 503"}: the first 2 connections); a direction may not (each fault names the
   * message it acts on). On a TCP proxy an {@code http} fault fails the declaration.
   */
  String[] chaos() default {};

  /** Whether the proxy lives for one test (the default) or for all tests of the class. */
  Lifecycle lifecycle() default Lifecycle.PER_METHOD;

  /**
   * Publishes the proxy's address as the system properties {@code chaos-proxy.NAME.host}, {@code
   * chaos-proxy.NAME.port} and {@code chaos-proxy.NAME.address} ({@code host:port}) while it lives,
   * for code configured by properties; their previous values come back after. System properties are
   * global to the JVM: tests that publish the same name must not run in parallel (use
   * {@code @ResourceLock(Resources.SYSTEM_PROPERTIES)}); the extension fails a test that would
   * overwrite another running test's properties.
   */
  boolean systemProperties() default false;

  /** How long a proxy lives. */
  enum Lifecycle {
    /** A new proxy for each test (each invocation of a parameterized or repeated test). */
    PER_METHOD,
    /**
     * One proxy for all tests of the class, started before {@code @BeforeAll} methods (and before a
     * {@code @TestInstance(PER_CLASS)} constructor), so that clients and pools may live as long as
     * the class. After each test it goes back to its declared state ({@link
     * dev.chaosproxy.ProxyControl#reset()}, then the declared chaos and up or down) and to the
     * upstream it had as the test began (declared, or bound in {@code @BeforeAll}); live
     * connections stay open. Tests that share it take turns, also under parallel execution. Only on
     * a class.
     */
    PER_CLASS
  }
}
