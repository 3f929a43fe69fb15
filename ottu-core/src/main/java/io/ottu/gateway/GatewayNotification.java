package io.ottu.gateway;

import io.ottu.Decline;
import io.ottu.Money;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a gateway told us asynchronously (a webhook), already verified and parsed into a normalized
 * form. Apply it with {@code PaymentClient.notifications().apply(...)}: the engine finds the
 * payment, checks amount and currency, and moves it through the state machine, so late, duplicated
 * and out-of-order notifications are harmless. Immutable.
 *
 * @param gatewayId the gateway that sent it
 * @param eventId the gateway's id for the notification, for de-duplication
 * @param kind what happened
 * @param paymentId our payment id when the notification carries it (we send it as metadata), or
 *     null
 * @param reference our reference (the merchant reference), or null
 * @param gatewayReference the gateway's id of the payment, or null
 * @param transactionReference the gateway's id of the operation (capture, refund), or null
 * @param amount the amount the notification is about, or null if it carries none
 * @param decline the decline, for {@link Kind#DECLINED}, or null
 * @param occurredAt when the gateway says it happened
 * @param details other fields worth keeping (never card data)
 */
public record GatewayNotification(
    String gatewayId,
    String eventId,
    Kind kind,
    String paymentId,
    String reference,
    String gatewayReference,
    String transactionReference,
    Money amount,
    Decline decline,
    Instant occurredAt,
    Map<String, String> details) {

  /** What a notification says happened. */
  public enum Kind {
    /** The payment was authorized. */
    AUTHORIZED,
    /** The payment (or part of it) was captured. */
    CAPTURED,
    /** A capture failed. */
    CAPTURE_FAILED,
    /** The payment (or part of it) was refunded. */
    REFUNDED,
    /** A refund failed. */
    REFUND_FAILED,
    /** The authorization was cancelled (voided). */
    CANCELLED,
    /** A cancellation failed. */
    CANCEL_FAILED,
    /** The payment was declined. */
    DECLINED,
    /** The shopper's action window passed. */
    EXPIRED,
    /** The payment is pending at the gateway. */
    PENDING,
    /** A chargeback or dispute was opened. */
    DISPUTE_OPENED,
    /** A dispute was closed in the merchant's favour. */
    DISPUTE_WON,
    /** A dispute was closed against the merchant: the funds are gone. */
    DISPUTE_LOST
  }

  /** Validates and copies. */
  public GatewayNotification {
    Objects.requireNonNull(gatewayId, "gatewayId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (paymentId == null && reference == null && gatewayReference == null) {
      throw new IllegalArgumentException(
          "a notification needs a paymentId, a reference or a gatewayReference to find its payment");
    }
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /** The amount, if the notification carries one. */
  public Optional<Money> amountOptional() {
    return Optional.ofNullable(amount);
  }
}
