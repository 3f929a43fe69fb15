package io.ottu.gateway;

import io.ottu.Money;
import java.util.Map;
import java.util.Objects;

/**
 * Finish a payment after the shopper's action (3-D Secure, a bank or wallet redirect). Immutable.
 *
 * @param paymentId our payment id
 * @param reference the host's reference
 * @param gatewayReference the gateway's id of the payment
 * @param amount the payment's amount
 * @param capture whether the payment was a purchase (capture on success)
 * @param parameters what the shopper's return carried (query or form fields such as Adyen's {@code
 *     redirectResult}, Tap's {@code tap_id}, Checkout.com's {@code cko-session-id})
 * @param idempotencyKey the key for the gateway's idempotency mechanism
 */
public record CompleteActionRequest(
    String paymentId,
    String reference,
    String gatewayReference,
    Money amount,
    boolean capture,
    Map<String, String> parameters,
    String idempotencyKey) {

  /** Validates and copies. */
  public CompleteActionRequest {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }
}
