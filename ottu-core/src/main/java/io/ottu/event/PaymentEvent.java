package io.ottu.event;

import io.ottu.Payment;
import io.ottu.PaymentStatus;
import io.ottu.Transaction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something happened to a payment, and it is already committed to the store. Immutable.
 *
 * @param id a unique id for this event ({@code evt_...}), stable for de-duplication downstream
 * @param type what happened
 * @param payment the payment as committed by this change
 * @param previousStatus the status before the change
 * @param transaction the transaction this change concerns, or null
 * @param occurredAt when it was committed
 */
public record PaymentEvent(
    String id,
    PaymentEventType type,
    Payment payment,
    PaymentStatus previousStatus,
    Transaction transaction,
    Instant occurredAt) {

  /** Validates. */
  public PaymentEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payment, "payment");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }

  /**
   * The per-payment sequence number: the payment's store version after this change. It increases
   * with every change to the payment (with gaps), so a receiver can order events per payment.
   */
  public long sequence() {
    return payment.version();
  }

  /** The transaction this event concerns, if any. */
  public Optional<Transaction> transactionOptional() {
    return Optional.ofNullable(transaction);
  }
}
