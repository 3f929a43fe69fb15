/** Per-gateway resilience: {@link io.ottu.resilience.GatewayPolicy}. */
package io.ottu.resilience;
