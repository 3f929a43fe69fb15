package io.ottu.gateway;

import io.ottu.Customer;
import io.ottu.Money;
import io.ottu.ThreeDSecure;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine asks an adapter to authorize, or to purchase when {@link #capture()} is true.
 * Immutable.
 *
 * @param paymentId our payment id
 * @param reference the host's reference; adapters send it as the gateway's merchant reference so
 *     the payment can be looked up by it
 * @param amount the amount to authorize
 * @param source the card or gateway token
 * @param capture true to capture at once (a sale), false to authorize only
 * @param idempotencyKey the key to send in the gateway's idempotency mechanism; stable across
 *     retries of the same attempt
 * @param attempt the attempt number for this payment and gateway, from 1
 * @param threeDSecure whether to ask for 3-D Secure
 * @param returnUrl where the shopper returns after a redirect, or null
 * @param customer the customer, or null
 * @param description a description, or null
 * @param metadata the host's metadata
 */
public record AuthorizeRequest(
    String paymentId,
    String reference,
    Money amount,
    GatewaySource source,
    boolean capture,
    String idempotencyKey,
    int attempt,
    ThreeDSecure threeDSecure,
    String returnUrl,
    Customer customer,
    String description,
    Map<String, String> metadata) {

  /** Validates and copies. */
  public AuthorizeRequest {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(threeDSecure, "threeDSecure");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** The return URL, if any. */
  public Optional<String> returnUrlOptional() {
    return Optional.ofNullable(returnUrl);
  }
}
