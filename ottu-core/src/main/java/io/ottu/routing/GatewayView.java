package io.ottu.routing;

import io.ottu.gateway.GatewayCapabilities;
import java.util.Objects;

/**
 * A gateway as a routing strategy sees it: its id, capabilities, circuit state, whether an operator
 * disabled it, and the engine's statistics for the payment's segment. Immutable.
 *
 * @param id the gateway's id
 * @param capabilities what it can do
 * @param circuit its circuit breaker's state
 * @param enabled false when an operator disabled it
 * @param stats observations for the payment's currency and brand
 * @param overall observations across all segments
 */
public record GatewayView(
    String id,
    GatewayCapabilities capabilities,
    CircuitState circuit,
    boolean enabled,
    SegmentStats stats,
    SegmentStats overall) {

  /** Validates. */
  public GatewayView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(capabilities, "capabilities");
    Objects.requireNonNull(circuit, "circuit");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(overall, "overall");
  }
}
