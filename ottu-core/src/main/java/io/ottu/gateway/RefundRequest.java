package io.ottu.gateway;

import io.ottu.Money;
import java.util.Objects;

/**
 * Return captured funds, in full or in part. Immutable.
 *
 * @param paymentId our payment id
 * @param reference the host's reference
 * @param gatewayReference the gateway's id of the payment (authorization or sale)
 * @param captureReference the gateway's id of the capture being refunded, where the gateway needs
 *     it (PayPal), or null
 * @param amount the amount to refund
 * @param reason the host's reason, or null
 * @param idempotencyKey the key for the gateway's idempotency mechanism
 * @param sequence this refund's number on the payment, from 1
 */
public record RefundRequest(
    String paymentId,
    String reference,
    String gatewayReference,
    String captureReference,
    Money amount,
    String reason,
    String idempotencyKey,
    int sequence) {

  /** Validates. */
  public RefundRequest {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(gatewayReference, "gatewayReference");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }
}
