package io.ottu.webhooks;

import io.ottu.CardBrand;
import io.ottu.CardSummary;
import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.SourceSummary;
import io.ottu.Transaction;
import io.ottu.event.PaymentEvent;
import io.ottu.event.PaymentEventType;
import java.time.Instant;
import java.util.Map;

/** Synthetic payment events with chosen ids and sequence numbers. */
final class Events {
  private Events() {}

  static PaymentEvent event(
      String eventId, String paymentId, long sequence, PaymentEventType type, Instant at) {
    Money amount = Money.of("12.500", "KWD");
    PaymentStatus status =
        switch (type) {
          case PAYMENT_AUTHORIZED -> PaymentStatus.AUTHORIZED;
          case PAYMENT_CAPTURED -> PaymentStatus.CAPTURED;
          case PAYMENT_REFUNDED -> PaymentStatus.REFUNDED;
          default -> PaymentStatus.PENDING;
        };
    Payment.Builder b =
        Payment.builder()
            .id(paymentId)
            .reference("order-" + paymentId)
            .amount(amount)
            .status(status)
            .gatewayId("stripe")
            .gatewayReference("pi_" + paymentId)
            .source(
                new SourceSummary(
                    PaymentSource.Type.CARD,
                    new CardSummary(CardBrand.VISA, "424242", "4242", 12, 2034),
                    null))
            .metadata(Map.of("order_id", "1001"))
            .createdAt(at)
            .updatedAt(at)
            .version(sequence);
    Transaction tx = null;
    if (status != PaymentStatus.PENDING) {
      b.authorizedAmount(amount);
    }
    if (status == PaymentStatus.CAPTURED || status == PaymentStatus.REFUNDED) {
      b.capturedAmount(amount);
      tx =
          new Transaction(
              "txn_2",
              Transaction.Type.CAPTURE,
              Transaction.Status.SUCCEEDED,
              amount,
              "stripe",
              "ch_" + paymentId,
              null,
              "key",
              at,
              at);
      b.putTransaction(tx);
    }
    if (status == PaymentStatus.REFUNDED) {
      b.refundedAmount(amount);
    }
    return new PaymentEvent(eventId, type, b.build(), PaymentStatus.PENDING, tx, at);
  }
}
