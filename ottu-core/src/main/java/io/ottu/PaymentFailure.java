package io.ottu;

import java.util.Objects;

/**
 * Why a payment is {@link PaymentStatus#FAILED} or {@link PaymentStatus#UNKNOWN}, or why its last
 * operation failed. Never contains card data or secrets. Immutable.
 *
 * @param code a stable machine-readable code, such as {@code gateway_rejected}, {@code
 *     no_gateway_available}, {@code unknown_outcome}, {@code amount_mismatch}
 * @param message a human-readable explanation
 * @param gatewayId the gateway involved, or empty
 */
public record PaymentFailure(String code, String message, String gatewayId) {

  /** Validates. */
  public PaymentFailure {
    Objects.requireNonNull(code, "code");
    message = message == null ? "" : message;
    gatewayId = gatewayId == null ? "" : gatewayId;
  }
}
