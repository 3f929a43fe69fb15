package io.ottu.gateway;

import io.ottu.Money;
import java.util.Objects;

/**
 * Release (void) an authorization. Immutable.
 *
 * @param paymentId our payment id
 * @param reference the host's reference
 * @param gatewayReference the gateway's id of the authorization
 * @param amount the authorized amount being released
 * @param idempotencyKey the key for the gateway's idempotency mechanism
 */
public record CancelRequest(
    String paymentId,
    String reference,
    String gatewayReference,
    Money amount,
    String idempotencyKey) {

  /** Validates. */
  public CancelRequest {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(gatewayReference, "gatewayReference");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }
}
