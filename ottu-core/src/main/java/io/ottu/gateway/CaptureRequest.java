package io.ottu.gateway;

import io.ottu.Money;
import java.util.Objects;

/**
 * Capture an authorization, in full or in part. Immutable.
 *
 * @param paymentId our payment id
 * @param reference the host's reference
 * @param gatewayReference the gateway's id of the authorization
 * @param amount the amount to capture now
 * @param finalCapture whether no further capture will follow (the rest is released)
 * @param idempotencyKey the key for the gateway's idempotency mechanism
 * @param sequence this capture's number on the payment, from 1
 */
public record CaptureRequest(
    String paymentId,
    String reference,
    String gatewayReference,
    Money amount,
    boolean finalCapture,
    String idempotencyKey,
    int sequence) {

  /** Validates. */
  public CaptureRequest {
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(gatewayReference, "gatewayReference");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }
}
