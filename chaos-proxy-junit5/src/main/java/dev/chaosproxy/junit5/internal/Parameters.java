package dev.chaosproxy.junit5.internal;

import static dev.chaosproxy.junit5.internal.Scopes.chain;
import static dev.chaosproxy.junit5.internal.Scopes.classContexts;
import static dev.chaosproxy.junit5.internal.Scopes.classDeclarations;

import dev.chaosproxy.ProxyControl;
import dev.chaosproxy.junit5.ChaosProxy.Lifecycle;
import dev.chaosproxy.junit5.ProxyName;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Resolves {@link ProxyControl} parameters to the proxies visible in a context, with hints when
 * none fits.
 */
public final class Parameters {
  private Parameters() {}

  /**
   * Whether {@code extension} resolves this parameter: one instance per context answers for
   * ProxyControl.
   */
  public static boolean supports(
      Object extension, ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() != ProxyControl.class) return false;
    return Scopes.resolver(context, extension) == extension;
  }

  /**
   * The proxy a parameter asks for: by {@link ProxyName}, the only one, or the one its name
   * matches.
   */
  public static ProxyControl resolve(ParameterContext parameter, ExtensionContext context) {
    List<LiveProxy> visible = new ArrayList<>();
    for (Scope s : chain(context)) visible.addAll(s.proxies);
    Parameter p = parameter.getParameter();
    String where =
        (p.isNamePresent()
                ? "parameter '" + p.getName() + "'"
                : "parameter #" + (parameter.getIndex() + 1))
            + " of "
            + executable(parameter);
    Optional<ProxyName> named = parameter.findAnnotation(ProxyName.class);
    if (named.isPresent()) {
      String wanted = named.get().value();
      for (LiveProxy l : visible) {
        if (l.name().equals(wanted)) return l.handle;
      }
      throw new ParameterResolutionException(
          "no proxy named '"
              + wanted
              + "' for "
              + where
              + "; "
              + visibleNames(visible)
              + notStartedHint(context, visible));
    }
    if (visible.size() == 1) return visible.get(0).handle;
    if (visible.isEmpty()) {
      throw new ParameterResolutionException(
          "no proxy for "
              + where
              + ": "
              + visibleNames(visible)
              + notStartedHint(context, visible));
    }
    if (p.isNamePresent()) {
      for (LiveProxy l : visible) {
        if (l.name().equals(p.getName())) return l.handle;
      }
    }
    throw new ParameterResolutionException(
        "which proxy for "
            + where
            + "? "
            + visibleNames(visible)
            + "; say which with @ProxyName(\""
            + visible.get(0).name()
            + "\")");
  }

  private static String visibleNames(List<LiveProxy> visible) {
    if (visible.isEmpty()) return "there are no proxies here";
    return "the proxies here are "
        + visible.stream().map(l -> "'" + l.name() + "'").collect(Collectors.joining(", "));
  }

  /**
   * Why a declared proxy is not visible: PER_METHOD proxies do not exist yet in a constructor or
   * {@code @BeforeAll}.
   */
  private static String notStartedHint(ExtensionContext context, List<LiveProxy> visible) {
    List<String> later = new ArrayList<>();
    for (ExtensionContext c : classContexts(context)) {
      try {
        for (Declaration d : classDeclarations(c)) {
          if (d.lifecycle == Lifecycle.PER_METHOD
              && visible.stream().noneMatch(l -> l.name().equals(d.name))) later.add(d.name);
        }
      } catch (IllegalArgumentException ignored) {
        // a bad declaration fails elsewhere with its own message
      }
    }
    if (later.isEmpty()) {
      return visible.isEmpty() ? "; declare one with @ChaosProxy on the test class or method" : "";
    }
    return "; "
        + later.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "))
        + " start"
        + (later.size() == 1 ? "s" : "")
        + " for each test, after the test instance is constructed and after @BeforeAll: inject it into the test or a "
        + "@BeforeEach method, or declare it lifecycle = PER_CLASS";
  }

  private static String executable(ParameterContext parameter) {
    var e = parameter.getDeclaringExecutable();
    String cls = Naming.className(e.getDeclaringClass());
    return e instanceof Method ? cls + "." + e.getName() + "()" : "the constructor of " + cls;
  }
}
