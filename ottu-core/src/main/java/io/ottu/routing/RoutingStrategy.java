package io.ottu.routing;

/**
 * Orders the gateways a payment may go to. The engine has already removed every gateway that cannot
 * take the payment (currency, brand, source, operation, 3-D Secure); a strategy ranks the rest, may
 * leave some out, and says why. The built-in strategies are in {@link Routing}; they compose, and a
 * host can write its own in one class.
 *
 * <p>Implementations must be thread-safe and fast: they run on every payment, on the caller's
 * thread, before any gateway is called. A strategy may keep state (elimination cool-downs), but
 * must not block.
 */
@FunctionalInterface
public interface RoutingStrategy {
  /**
   * Decides the order.
   *
   * @param context the payment and its capable gateways
   * @return the gateways to try in order, and the ones skipped with reasons; every gateway of the
   *     context should appear in one of the two lists
   */
  RoutingDecision route(RoutingContext context);
}
