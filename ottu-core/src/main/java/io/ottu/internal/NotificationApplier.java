package io.ottu.internal;

import io.ottu.Money;
import io.ottu.NotificationResult;
import io.ottu.NotificationResult.Outcome;
import io.ottu.Notifications;
import io.ottu.Payment;
import io.ottu.PaymentFailure;
import io.ottu.PaymentStatus;
import io.ottu.Transaction;
import io.ottu.event.PaymentEventType;
import io.ottu.gateway.GatewayNotification;
import io.ottu.gateway.GatewayNotification.Kind;
import io.ottu.store.PaymentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies verified gateway notifications to payments through the state machine. Each kind of
 * notification is a pure function of the stored payment, committed like every other change, so a
 * duplicate finds the change already made and a late one finds the payment moved on: both are
 * harmless.
 */
public final class NotificationApplier implements Notifications {
  private static final Logger log = LoggerFactory.getLogger(NotificationApplier.class);

  private final PaymentEngine engine;
  private final PaymentStore store;
  private final Clock clock;

  /** Creates the applier over the engine's store. */
  public NotificationApplier(PaymentEngine engine, PaymentStore store, Clock clock) {
    this.engine = engine;
    this.store = store;
    this.clock = clock;
  }

  /** The decision for one notification against one snapshot. */
  private record Decision(
      Outcome outcome, Payment next, String detail, PaymentEventType event, String txId) {
    static Decision already(String why) {
      return new Decision(Outcome.ALREADY_APPLIED, null, why, null, null);
    }

    static Decision ignored(String why) {
      return new Decision(Outcome.IGNORED, null, why, null, null);
    }

    static Decision mismatch(String why) {
      return new Decision(Outcome.MISMATCH, null, why, null, null);
    }
  }

  @Override
  public NotificationResult apply(GatewayNotification n) {
    Objects.requireNonNull(n, "notification");
    Optional<Payment> found = find(n);
    if (found.isEmpty()) {
      return new NotificationResult(
          Outcome.PAYMENT_NOT_FOUND, null, "no payment matches " + describe(n));
    }
    Payment p = found.get();
    if (n.amount() != null && !n.amount().currency().equals(p.amount().currency())) {
      return refused(
          n,
          p,
          "currency "
              + n.amount().currencyCode()
              + " differs from the payment's "
              + p.amount().currencyCode());
    }
    Decision[] last = new Decision[1];
    PaymentStatus before = p.status();
    Payment after =
        engine.commit(
            p.id(),
            cur -> {
              last[0] = decide(cur, n, clock.instant());
              return last[0].next();
            });
    Decision d = last[0];
    if (d.outcome() == Outcome.MISMATCH) {
      return refused(n, after, d.detail());
    }
    if (d.outcome() == Outcome.APPLIED) {
      Transaction tx = d.txId() == null ? null : after.transaction(d.txId()).orElse(null);
      PaymentEventType type =
          after.status() != before ? PaymentEngine.eventFor(after.status()) : d.event();
      if (type != null) {
        engine.emit(type, after, before, tx);
      }
    } else if (d.outcome() == Outcome.IGNORED) {
      log.info("ignored {} for payment {}: {}", describe(n), after.id(), d.detail());
    }
    return new NotificationResult(d.outcome(), after, d.detail());
  }

  private NotificationResult refused(GatewayNotification n, Payment p, String why) {
    log.warn("refused {} for payment {}: {}", describe(n), p.id(), why);
    return new NotificationResult(Outcome.MISMATCH, p, why);
  }

  private Optional<Payment> find(GatewayNotification n) {
    if (n.paymentId() != null) {
      Optional<Payment> p = store.find(n.paymentId());
      if (p.isPresent() && usedGateway(p.get(), n.gatewayId())) {
        return p;
      }
    }
    if (n.gatewayReference() != null) {
      Optional<Payment> p = store.findByGatewayReference(n.gatewayId(), n.gatewayReference());
      if (p.isPresent()) {
        return p;
      }
    }
    if (n.reference() != null) {
      List<Payment> candidates =
          store.findByReference(n.reference()).stream()
              .filter(p -> usedGateway(p, n.gatewayId()))
              .toList();
      if (candidates.size() == 1) {
        return Optional.of(candidates.get(0));
      }
      if (candidates.size() > 1) {
        log.warn(
            "{} matches {} payments by reference; not applied", describe(n), candidates.size());
      }
    }
    return Optional.empty();
  }

  private static boolean usedGateway(Payment p, String gatewayId) {
    return p.transactions().stream().anyMatch(t -> gatewayId.equals(t.gatewayId()));
  }

  private static String describe(GatewayNotification n) {
    return n.gatewayId() + " " + n.kind() + " " + n.eventId();
  }

  /** What the notification does to this snapshot. Pure: may be re-run on a newer snapshot. */
  private static Decision decide(Payment cur, GatewayNotification n, Instant now) {
    PaymentStatus s = cur.status();
    Money amount = n.amount();
    return switch (n.kind()) {
      case AUTHORIZED -> {
        if (amount != null && !amount.equals(cur.amount())) {
          yield Decision.mismatch("authorized " + amount + " for a payment of " + cur.amount());
        }
        if (s == PaymentStatus.PENDING
            || s == PaymentStatus.UNKNOWN
            || s == PaymentStatus.REQUIRES_ACTION) {
          Payment.Builder b =
              cur.toBuilder()
                  .status(PaymentStatus.AUTHORIZED)
                  .authorizedAmount(cur.amount())
                  .nextAction(null)
                  .actionExpiresAt(null)
                  .failure(null)
                  .decline(null);
          reference(b, cur, n);
          String tx = closeAuthorization(b, cur, Transaction.Status.SUCCEEDED, n, now);
          yield new Decision(Outcome.APPLIED, b.build(), "authorized", null, tx);
        }
        yield s.holdsFunds() || s == PaymentStatus.CANCELLED || s == PaymentStatus.REFUNDED
            ? Decision.already("already " + s)
            : conflict(cur, n);
      }
      case DECLINED -> {
        if (s == PaymentStatus.PENDING
            || s == PaymentStatus.UNKNOWN
            || s == PaymentStatus.REQUIRES_ACTION) {
          Payment.Builder b =
              cur.toBuilder().status(PaymentStatus.DECLINED).nextAction(null).actionExpiresAt(null);
          if (n.decline() != null) {
            b.decline(n.decline().withGatewayId(n.gatewayId()));
          }
          String tx = closeAuthorization(b, cur, Transaction.Status.DECLINED, n, now);
          yield new Decision(Outcome.APPLIED, b.build(), "declined", null, tx);
        }
        yield s == PaymentStatus.DECLINED ? Decision.already("already declined") : conflict(cur, n);
      }
      case PENDING -> {
        if (s == PaymentStatus.UNKNOWN) {
          Payment.Builder b = cur.toBuilder().status(PaymentStatus.PENDING);
          reference(b, cur, n);
          yield new Decision(Outcome.APPLIED, b.build(), "pending at the gateway", null, null);
        }
        yield Decision.already("pending or further along (" + s + ")");
      }
      case EXPIRED -> {
        if (s == PaymentStatus.REQUIRES_ACTION) {
          Payment.Builder b =
              cur.toBuilder()
                  .status(PaymentStatus.EXPIRED)
                  .nextAction(null)
                  .failure(
                      new PaymentFailure(
                          "action_expired", "the gateway expired the payment", n.gatewayId()));
          String tx = closeAuthorization(b, cur, Transaction.Status.FAILED, n, now);
          yield new Decision(Outcome.APPLIED, b.build(), "expired", null, tx);
        }
        yield s == PaymentStatus.EXPIRED
            ? Decision.already("already expired")
            : Decision.ignored("not awaiting the shopper (" + s + ")");
      }
      case CAPTURED -> captured(cur, n, now);
      case REFUNDED -> refunded(cur, n, now);
      case CANCELLED -> cancelled(cur, n, now);
      case CAPTURE_FAILED -> operationFailed(cur, n, Transaction.Type.CAPTURE, now);
      case REFUND_FAILED -> operationFailed(cur, n, Transaction.Type.REFUND, now);
      case CANCEL_FAILED -> operationFailed(cur, n, Transaction.Type.CANCEL, now);
      case DISPUTE_OPENED -> {
        if (s == PaymentStatus.CAPTURED || s == PaymentStatus.PARTIALLY_REFUNDED) {
          Money disputed =
              amount != null ? amount : cur.capturedAmount().minus(cur.refundedAmount());
          String id = Ids.transaction(cur.transactions().size() + 1);
          Transaction tx =
              new Transaction(
                  id,
                  Transaction.Type.DISPUTE,
                  Transaction.Status.PENDING,
                  disputed,
                  n.gatewayId(),
                  n.transactionReference(),
                  null,
                  n.eventId(),
                  now,
                  now);
          yield new Decision(
              Outcome.APPLIED,
              cur.toBuilder().status(PaymentStatus.DISPUTED).putTransaction(tx).build(),
              "dispute opened",
              null,
              id);
        }
        yield s == PaymentStatus.DISPUTED
            ? Decision.already("already disputed")
            : Decision.ignored("cannot dispute a payment in status " + s);
      }
      case DISPUTE_WON, DISPUTE_LOST -> {
        if (s != PaymentStatus.DISPUTED) {
          yield Decision.ignored("no open dispute (" + s + ")");
        }
        Optional<Transaction> open =
            cur.transactions().stream()
                .filter(t -> t.type() == Transaction.Type.DISPUTE && t.isOpen())
                .findFirst();
        PaymentStatus back =
            cur.refundedAmount().isZero()
                ? PaymentStatus.CAPTURED
                : PaymentStatus.PARTIALLY_REFUNDED;
        Payment.Builder b = cur.toBuilder().status(back);
        // The chargeback "succeeds" when the merchant loses: the funds went back to the cardholder.
        Transaction.Status closed =
            n.kind() == Kind.DISPUTE_LOST
                ? Transaction.Status.SUCCEEDED
                : Transaction.Status.FAILED;
        open.ifPresent(t -> b.putTransaction(t.with(closed, n.transactionReference(), now)));
        yield new Decision(
            Outcome.APPLIED,
            b.build(),
            n.kind() == Kind.DISPUTE_LOST ? "dispute lost" : "dispute won",
            null,
            open.map(Transaction::id).orElse(null));
      }
    };
  }

  private static Decision conflict(Payment cur, GatewayNotification n) {
    log.error(
        "gateway {} reports {} for payment {}, which is {}: needs an operator",
        n.gatewayId(),
        n.kind(),
        cur.id(),
        cur.status());
    return Decision.ignored(
        "conflicts with the payment's status " + cur.status() + "; needs an operator");
  }

  private static void reference(Payment.Builder b, Payment cur, GatewayNotification n) {
    if (cur.gatewayReference().isEmpty() && n.gatewayReference() != null) {
      b.gatewayId(n.gatewayId()).gatewayReference(n.gatewayReference());
    }
  }

  /** Settles the open authorization (or sale) transaction; returns its id, or null. */
  private static String closeAuthorization(
      Payment.Builder b,
      Payment cur,
      Transaction.Status status,
      GatewayNotification n,
      Instant now) {
    for (Transaction t : cur.transactions()) {
      if ((t.type() == Transaction.Type.AUTHORIZATION || t.type() == Transaction.Type.SALE)
          && t.isOpen()
          && n.gatewayId().equals(t.gatewayId())) {
        b.putTransaction(t.with(status, n.gatewayReference(), now));
        return t.id();
      }
    }
    return null;
  }

  private static Optional<Transaction> openOf(
      Payment cur, Transaction.Type type, GatewayNotification n) {
    List<Transaction> open =
        cur.transactions().stream().filter(t -> t.type() == type && t.isOpen()).toList();
    for (Transaction t : open) {
      if (n.transactionReference() != null
          && n.transactionReference().equals(t.gatewayReference())) {
        return Optional.of(t);
      }
    }
    for (Transaction t : open) {
      if (n.amount() != null && n.amount().equals(t.amount())) {
        return Optional.of(t);
      }
    }
    return open.size() == 1 && n.amount() == null ? Optional.of(open.get(0)) : Optional.empty();
  }

  private static boolean seen(Payment cur, Transaction.Type type, GatewayNotification n) {
    return n.transactionReference() != null
        && cur.transactions().stream()
            .anyMatch(
                t ->
                    t.type() == type
                        && !t.isOpen()
                        && n.transactionReference().equals(t.gatewayReference()));
  }

  private static Decision captured(Payment cur, GatewayNotification n, Instant now) {
    PaymentStatus s = cur.status();
    Optional<Transaction> open = openOf(cur, Transaction.Type.CAPTURE, n);
    if (open.isPresent()) {
      Transaction t = open.get();
      Money captured = cur.capturedAmount().plus(t.amount());
      PaymentStatus next =
          captured.isLessThan(cur.authorizedAmount())
              ? PaymentStatus.PARTIALLY_CAPTURED
              : PaymentStatus.CAPTURED;
      if (s == PaymentStatus.CAPTURED) {
        next = PaymentStatus.CAPTURED;
      }
      Payment p =
          cur.toBuilder()
              .capturedAmount(captured)
              .status(next)
              .putTransaction(t.with(Transaction.Status.SUCCEEDED, n.transactionReference(), now))
              .build();
      return new Decision(
          Outcome.APPLIED,
          p,
          "capture " + t.id() + " confirmed",
          PaymentEventType.PAYMENT_CAPTURED,
          t.id());
    }
    if (seen(cur, Transaction.Type.CAPTURE, n)) {
      return Decision.already("capture already recorded");
    }
    Money amount = n.amount() != null ? n.amount() : cur.amount();
    if (s == PaymentStatus.PENDING
        || s == PaymentStatus.UNKNOWN
        || s == PaymentStatus.REQUIRES_ACTION) {
      if (!amount.equals(cur.amount())) {
        return Decision.mismatch(
            "captured " + amount + " of a payment of " + cur.amount() + " not yet authorized");
      }
      Payment.Builder b =
          cur.toBuilder()
              .status(PaymentStatus.CAPTURED)
              .authorizedAmount(cur.amount())
              .capturedAmount(cur.amount())
              .nextAction(null)
              .actionExpiresAt(null)
              .failure(null);
      reference(b, cur, n);
      String tx = closeAuthorization(b, cur, Transaction.Status.SUCCEEDED, n, now);
      return new Decision(Outcome.APPLIED, b.build(), "sale confirmed", null, tx);
    }
    if (s == PaymentStatus.AUTHORIZED || s == PaymentStatus.PARTIALLY_CAPTURED) {
      if (amount.isGreaterThan(cur.capturableAmount())) {
        return Decision.mismatch(
            "captured " + amount + " exceeds the capturable " + cur.capturableAmount());
      }
      // Captured outside this client (the gateway's dashboard, automatic capture): record it.
      String id = Ids.transaction(cur.transactions().size() + 1);
      Transaction tx =
          new Transaction(
              id,
              Transaction.Type.CAPTURE,
              Transaction.Status.SUCCEEDED,
              amount,
              n.gatewayId(),
              n.transactionReference(),
              null,
              n.eventId(),
              now,
              now);
      Money captured = cur.capturedAmount().plus(amount);
      PaymentStatus next =
          captured.isLessThan(cur.authorizedAmount())
              ? PaymentStatus.PARTIALLY_CAPTURED
              : PaymentStatus.CAPTURED;
      return new Decision(
          Outcome.APPLIED,
          cur.toBuilder().capturedAmount(captured).status(next).putTransaction(tx).build(),
          "capture recorded",
          PaymentEventType.PAYMENT_CAPTURED,
          id);
    }
    if (s == PaymentStatus.CAPTURED && cur.autoCapture() && amount.equals(cur.capturedAmount())) {
      return Decision.already("sale already captured");
    }
    return s.holdsFunds() || s == PaymentStatus.REFUNDED
        ? Decision.already("already " + s)
        : conflict(cur, n);
  }

  private static Decision refunded(Payment cur, GatewayNotification n, Instant now) {
    PaymentStatus s = cur.status();
    Optional<Transaction> open = openOf(cur, Transaction.Type.REFUND, n);
    if (open.isPresent()) {
      Transaction t = open.get();
      Money refunded = cur.refundedAmount().plus(t.amount());
      PaymentStatus next =
          refunded.equals(cur.capturedAmount())
              ? PaymentStatus.REFUNDED
              : PaymentStatus.PARTIALLY_REFUNDED;
      if (s == PaymentStatus.DISPUTED) {
        next = PaymentStatus.DISPUTED;
      }
      Payment p =
          cur.toBuilder()
              .refundedAmount(refunded)
              .status(next)
              .putTransaction(t.with(Transaction.Status.SUCCEEDED, n.transactionReference(), now))
              .build();
      return new Decision(
          Outcome.APPLIED,
          p,
          "refund " + t.id() + " confirmed",
          PaymentEventType.PAYMENT_REFUNDED,
          t.id());
    }
    if (seen(cur, Transaction.Type.REFUND, n)) {
      return Decision.already("refund already recorded");
    }
    if ((s == PaymentStatus.CAPTURED || s == PaymentStatus.PARTIALLY_REFUNDED)
        && n.amount() != null) {
      if (n.amount().isGreaterThan(cur.refundableAmount())) {
        return Decision.mismatch(
            "refunded " + n.amount() + " exceeds the refundable " + cur.refundableAmount());
      }
      String id = Ids.transaction(cur.transactions().size() + 1);
      Transaction tx =
          new Transaction(
              id,
              Transaction.Type.REFUND,
              Transaction.Status.SUCCEEDED,
              n.amount(),
              n.gatewayId(),
              n.transactionReference(),
              null,
              n.eventId(),
              now,
              now);
      Money refunded = cur.refundedAmount().plus(n.amount());
      PaymentStatus next =
          refunded.equals(cur.capturedAmount())
              ? PaymentStatus.REFUNDED
              : PaymentStatus.PARTIALLY_REFUNDED;
      return new Decision(
          Outcome.APPLIED,
          cur.toBuilder().refundedAmount(refunded).status(next).putTransaction(tx).build(),
          "refund recorded",
          PaymentEventType.PAYMENT_REFUNDED,
          id);
    }
    return s == PaymentStatus.REFUNDED
        ? Decision.already("already refunded")
        : Decision.ignored("cannot refund a payment in status " + s);
  }

  private static Decision cancelled(Payment cur, GatewayNotification n, Instant now) {
    PaymentStatus s = cur.status();
    Optional<Transaction> open = openOf(cur, Transaction.Type.CANCEL, n);
    if (open.isPresent()
        || s == PaymentStatus.AUTHORIZED
        || s == PaymentStatus.REQUIRES_ACTION
        || s == PaymentStatus.PENDING) {
      if (s == PaymentStatus.UNKNOWN) {
        return Decision.ignored("unknown payment: settle it by lookup first");
      }
      // A payment that already ended keeps its status; its open cancel is closed all the same.
      PaymentStatus next = Cancellation.statusAfter(s);
      if (next == null) {
        return Decision.ignored("cannot cancel a payment in status " + s);
      }
      Payment.Builder b = cur.toBuilder().status(next).nextAction(null).actionExpiresAt(null);
      String txId = null;
      for (Transaction t : cur.transactions()) {
        if (t.isOpen()) {
          boolean isCancel = t.type() == Transaction.Type.CANCEL;
          b.putTransaction(
              t.with(
                  isCancel ? Transaction.Status.SUCCEEDED : Transaction.Status.FAILED, null, now));
          if (isCancel) {
            txId = t.id();
          }
        }
      }
      return new Decision(Outcome.APPLIED, b.build(), "cancelled", null, txId);
    }
    return s == PaymentStatus.CANCELLED
        ? Decision.already("already cancelled")
        : Decision.ignored("cannot cancel a payment in status " + s);
  }

  private static Decision operationFailed(
      Payment cur, GatewayNotification n, Transaction.Type type, Instant now) {
    Optional<Transaction> open = openOf(cur, type, n);
    if (open.isEmpty()) {
      return Decision.ignored("no open " + type + " to fail");
    }
    Transaction t = open.get();
    Payment p =
        cur.toBuilder()
            .putTransaction(t.with(Transaction.Status.FAILED, n.transactionReference(), now))
            .failure(
                new PaymentFailure(
                    type.name().toLowerCase(java.util.Locale.ROOT) + "_failed",
                    "the gateway reported that " + t.id() + " failed",
                    n.gatewayId()))
            .build();
    return new Decision(
        Outcome.APPLIED,
        p,
        type + " " + t.id() + " failed",
        PaymentEventType.OPERATION_FAILED,
        t.id());
  }
}
