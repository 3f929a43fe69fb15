package io.ottu.gateway;

import io.ottu.Money;
import java.util.Objects;

/**
 * Ask the gateway what it knows of one operation on a payment, after an unknown outcome or for
 * reconciliation. Immutable.
 *
 * @param paymentId our payment id
 * @param reference the host's reference, which the adapter sent as the merchant reference
 * @param gatewayReference the gateway's id of the payment if we learned it, or null
 * @param operation the operation whose outcome is in question
 * @param amount the amount of that operation
 * @param idempotencyKey the idempotency key that operation was sent with
 */
public record LookupRequest(
    String paymentId,
    String reference,
    String gatewayReference,
    GatewayOperation operation,
    Money amount,
    String idempotencyKey) {

  /** Validates. */
  public LookupRequest {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }
}
