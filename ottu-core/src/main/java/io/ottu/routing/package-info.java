/**
 * Routing: the {@link io.ottu.routing.RoutingStrategy} SPI, the built-in strategies in {@link
 * io.ottu.routing.Routing}, and the decisions recorded on every payment.
 */
package io.ottu.routing;
