package dev.chaosproxy.samples.servers;

import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Behind {@link LocalShop}: starts the run's shop, clears its counts before each test, injects it. */
final class ShopExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  @Override
  public void beforeAll(ExtensionContext context) {
    shop(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    shop(context).reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Shop.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shop(context);
  }

  private static Shop shop(ExtensionContext context) {
    return Shared.get(context, Shop.class, Shop::start,
        shop -> Map.of("shop.host", shop.host(), "shop.port", Integer.toString(shop.port())));
  }
}
