package io.ottu;

import java.util.Objects;
import java.util.Optional;

/**
 * What applying a {@link io.ottu.gateway.GatewayNotification} did. Immutable.
 *
 * @param outcome what happened
 * @param payment the payment after it (null when none was found)
 * @param detail why, in words
 */
public record NotificationResult(Outcome outcome, Payment payment, String detail) {
  /** The possible outcomes. */
  public enum Outcome {
    /** The payment changed. */
    APPLIED,
    /** The payment already reflected it (a duplicate or a late confirmation). */
    ALREADY_APPLIED,
    /** It would move the payment backwards or does not fit its state: recorded nowhere, ignored. */
    IGNORED,
    /** Its amount or currency contradicts the payment: refused, never trusted. */
    MISMATCH,
    /** No payment matches it. */
    PAYMENT_NOT_FOUND
  }

  /** Validates. */
  public NotificationResult {
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
  }

  /** The payment, if one was found. */
  public Optional<Payment> paymentOptional() {
    return Optional.ofNullable(payment);
  }
}
