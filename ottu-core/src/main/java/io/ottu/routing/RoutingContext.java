package io.ottu.routing;

import io.ottu.CardBrand;
import io.ottu.Money;
import io.ottu.PaymentSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a routing strategy decides on: the payment's facts and the gateways able to take it (after
 * the capability filter), in configuration order. Immutable.
 *
 * @param paymentId the payment's id (stable: strategies use it for sticky choices)
 * @param amount the amount
 * @param brand the card brand, {@link CardBrand#UNKNOWN} for non-card sources
 * @param bin the card's first six digits, or null
 * @param country the customer's country (ISO 3166-1 alpha-2), or null
 * @param sourceType the kind of source
 * @param metadata the payment's metadata
 * @param gateways the capable gateways, in configuration order
 * @param now the client's clock
 */
public record RoutingContext(
    String paymentId,
    Money amount,
    CardBrand brand,
    String bin,
    String country,
    PaymentSource.Type sourceType,
    Map<String, String> metadata,
    List<GatewayView> gateways,
    Instant now) {

  /** Validates and copies. */
  public RoutingContext {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(brand, "brand");
    Objects.requireNonNull(sourceType, "sourceType");
    Objects.requireNonNull(now, "now");
    metadata = metadata == null || metadata.isEmpty() ? Map.of() : Map.copyOf(metadata);
    gateways = List.copyOf(gateways);
  }

  /** The gateway with this id among the candidates. */
  public Optional<GatewayView> gateway(String id) {
    for (GatewayView g : gateways) {
      if (g.id().equals(id)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** A copy with another list of candidates, for strategies that narrow the list for another. */
  public RoutingContext withGateways(List<GatewayView> candidates) {
    return new RoutingContext(
        paymentId, amount, brand, bin, country, sourceType, metadata, candidates, now);
  }
}
