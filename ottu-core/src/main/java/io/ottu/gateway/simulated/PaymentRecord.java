package io.ottu.gateway.simulated;

import io.ottu.Decline;
import io.ottu.Money;
import io.ottu.NextAction;
import io.ottu.PaymentStatus;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulated gateway's mutable record of one payment. Every read and write after creation holds
 * the record's own monitor, and only for the few in-memory steps of one operation (never across
 * latency), so operations on different payments never contend and operations on one payment are
 * atomic: two concurrent captures can never take more than was authorized. The factories fill a
 * record before any other thread can see it; the ledger's concurrent maps publish it safely.
 */
final class PaymentRecord {
  /** Where the payment stands; amounts refine {@link #APPROVED} into the finer statuses. */
  enum Phase {
    REQUIRES_ACTION,
    APPROVED,
    DECLINED,
    CANCELLED,
    EXPIRED
  }

  /** The shopper's 3-D Secure outcome, from {@code completeAction}'s {@code result} parameter. */
  enum Authentication {
    SUCCEEDED,
    FAILED,
    ABANDONED
  }

  final String gatewayId;
  final String gatewayReference;
  final long sequence;
  final String paymentId;
  final String reference;
  final Money amount;
  final boolean purchase;
  final String authorizationKey;
  final Instant createdAt;
  private final Instant actionDeadline;
  private final NextAction nextAction;
  private final DeclineCode declineAfterAuthentication;

  private Phase phase;
  private Money captured;
  private Money refunded;
  private boolean captureClosed;
  private boolean charged;
  private Decline decline;
  private int captures;
  private int refunds;
  private final List<LedgerOperation> operations = new ArrayList<>(2);

  private PaymentRecord(
      String gatewayId,
      String gatewayReference,
      long sequence,
      String paymentId,
      String reference,
      Money amount,
      boolean purchase,
      String authorizationKey,
      Instant createdAt,
      NextAction nextAction,
      Instant actionDeadline,
      DeclineCode declineAfterAuthentication) {
    this.gatewayId = gatewayId;
    this.gatewayReference = gatewayReference;
    this.sequence = sequence;
    this.paymentId = paymentId;
    this.reference = reference;
    this.amount = amount;
    this.purchase = purchase;
    this.authorizationKey = authorizationKey;
    this.createdAt = createdAt;
    this.nextAction = nextAction;
    this.actionDeadline = actionDeadline;
    this.declineAfterAuthentication = declineAfterAuthentication;
    this.captured = Money.zero(amount.currency());
    this.refunded = captured;
  }

  /** Identity of a new payment, gathered so the factories stay readable. */
  record Origin(
      String gatewayId,
      String gatewayReference,
      long sequence,
      String paymentId,
      String reference,
      Money amount,
      boolean purchase,
      String authorizationKey,
      Instant createdAt) {}

  /** An authorization or sale the issuer approved at once. */
  static PaymentRecord approved(Origin o) {
    PaymentRecord r = of(o, null, null, null);
    r.approve();
    r.recordOrigin(o);
    return r;
  }

  /** An authorization or sale the issuer (or the gateway) declined. */
  static PaymentRecord declined(Origin o, Decline decline) {
    PaymentRecord r = of(o, null, null, null);
    r.phase = Phase.DECLINED;
    r.decline = decline;
    r.recordOrigin(o);
    return r;
  }

  /**
   * A payment waiting for the shopper's 3-D Secure challenge; after a successful challenge it is
   * declined with {@code declineAfterAuthentication}, or approved when that is null.
   */
  static PaymentRecord challenged(
      Origin o, NextAction nextAction, Instant deadline, DeclineCode declineAfterAuthentication) {
    PaymentRecord r = of(o, nextAction, deadline, declineAfterAuthentication);
    r.phase = Phase.REQUIRES_ACTION;
    r.recordOrigin(o);
    return r;
  }

  private static PaymentRecord of(
      Origin o, NextAction nextAction, Instant deadline, DeclineCode declineAfterAuthentication) {
    return new PaymentRecord(
        o.gatewayId(),
        o.gatewayReference(),
        o.sequence(),
        o.paymentId(),
        o.reference(),
        o.amount(),
        o.purchase(),
        o.authorizationKey(),
        o.createdAt(),
        nextAction,
        deadline,
        declineAfterAuthentication);
  }

  private void recordOrigin(Origin o) {
    operations.add(
        new LedgerOperation(
            purchase ? GatewayOperation.PURCHASE : GatewayOperation.AUTHORIZE,
            currentType(),
            amount,
            o.authorizationKey(),
            gatewayReference,
            o.createdAt()));
  }

  /** The payment's current answer, as an authorization, sale or 3DS completion reports it. */
  synchronized GatewayResult paymentResult(Instant now) {
    expireIfDue(now);
    return currentResult();
  }

  /** Captures part or all of the uncaptured amount. */
  synchronized GatewayResult capture(
      Money requested,
      boolean finalCapture,
      String idempotencyKey,
      Instant now,
      GatewayCapabilities capabilities) {
    requireCurrency(requested, "capture");
    expireIfDue(now);
    if (phase != Phase.APPROVED || captureClosed) {
      throw invalidState("capture", "it is " + status() + ", not capturable");
    }
    Money uncaptured = amount.minus(captured);
    if (requested.isGreaterThan(uncaptured)) {
      throw GatewayException.rejected(
          gatewayId,
          "capture of "
              + requested
              + " exceeds the uncaptured "
              + uncaptured
              + " of payment "
              + gatewayReference,
          400,
          "capture_exceeds_authorized");
    }
    if (!capabilities.partialCapture() && !requested.equals(amount)) {
      throw GatewayException.rejected(
          gatewayId,
          "partial capture is not supported: capture the whole " + amount,
          400,
          "partial_capture_unsupported");
    }
    captured = captured.plus(requested);
    captures++;
    // A real gateway releases the rest after a final capture, and after the only capture it allows.
    if (finalCapture || captured.equals(amount) || !capabilities.multipleCaptures()) {
      captureClosed = true;
    }
    String transaction = gatewayReference + "_cap_" + captures;
    operations.add(
        new LedgerOperation(
            GatewayOperation.CAPTURE,
            GatewayResult.Type.CAPTURED,
            requested,
            idempotencyKey,
            transaction,
            now));
    return GatewayResult.captured(gatewayReference, requested)
        .withTransactionReference(transaction)
        .withRawStatus(rawStatus());
  }

  /** Refunds part or all of what was captured and not yet refunded. */
  synchronized GatewayResult refund(
      Money requested, String idempotencyKey, Instant now, GatewayCapabilities capabilities) {
    requireCurrency(requested, "refund");
    if (phase != Phase.APPROVED || captured.isZero()) {
      throw invalidState("refund", "it is " + status() + " and nothing was captured");
    }
    Money refundable = captured.minus(refunded);
    if (requested.isGreaterThan(refundable)) {
      throw GatewayException.rejected(
          gatewayId,
          "refund of "
              + requested
              + " exceeds the "
              + refundable
              + " captured and not yet refunded on payment "
              + gatewayReference,
          400,
          "refund_exceeds_captured");
    }
    if (!capabilities.partialRefund() && !requested.equals(refundable)) {
      throw GatewayException.rejected(
          gatewayId,
          "partial refund is not supported: refund the whole " + refundable,
          400,
          "partial_refund_unsupported");
    }
    refunded = refunded.plus(requested);
    refunds++;
    String transaction = gatewayReference + "_ref_" + refunds;
    operations.add(
        new LedgerOperation(
            GatewayOperation.REFUND,
            GatewayResult.Type.REFUNDED,
            requested,
            idempotencyKey,
            transaction,
            now));
    return GatewayResult.refunded(gatewayReference, requested)
        .withTransactionReference(transaction)
        .withRawStatus(rawStatus());
  }

  /**
   * Releases an uncaptured authorization or an unfinished 3-D Secure payment; on a partially
   * captured payment (with nothing refunded) it releases the uncaptured rest, which closes the
   * payment as captured, the move the engine's state machine makes for a cancel there.
   */
  synchronized GatewayResult cancel(Money requested, String idempotencyKey, Instant now) {
    requireCurrency(requested, "cancel");
    expireIfDue(now);
    Money released;
    if (phase == Phase.REQUIRES_ACTION || (phase == Phase.APPROVED && captured.isZero())) {
      phase = Phase.CANCELLED;
      released = amount;
    } else if (phase == Phase.APPROVED && !captureClosed && refunded.isZero()) {
      captureClosed = true;
      released = amount.minus(captured);
    } else {
      throw invalidState("cancel", "it is " + status() + ", not cancellable");
    }
    String transaction = gatewayReference + "_void";
    operations.add(
        new LedgerOperation(
            GatewayOperation.CANCEL,
            GatewayResult.Type.CANCELLED,
            released,
            idempotencyKey,
            transaction,
            now));
    return GatewayResult.cancelled(gatewayReference)
        .withTransactionReference(transaction)
        .withRawStatus(rawStatus());
  }

  /**
   * Applies the shopper's 3-D Secure outcome. A payment that is no longer waiting (completed
   * before, expired, cancelled) answers its current state, as a real gateway's "payment details"
   * call does.
   */
  synchronized GatewayResult completeAction(
      Authentication authentication, Money requested, String idempotencyKey, Instant now) {
    requireCurrency(requested, "completeAction");
    expireIfDue(now);
    if (phase == Phase.REQUIRES_ACTION) {
      switch (authentication) {
        case SUCCEEDED:
          if (declineAfterAuthentication == null) {
            approve();
          } else {
            decline(declineAfterAuthentication);
          }
          break;
        case FAILED:
          decline(DeclineCode.AUTHENTICATION_FAILED);
          break;
        case ABANDONED:
          decline(DeclineCode.AUTHENTICATION_ABANDONED);
          break;
      }
    }
    GatewayResult result = currentResult();
    operations.add(
        new LedgerOperation(
            GatewayOperation.COMPLETE_ACTION,
            result.type(),
            amount,
            idempotencyKey,
            gatewayReference,
            now));
    return result;
  }

  /**
   * The current answer for the operation sent with {@code idempotencyKey}, or null when this
   * payment has no such operation.
   */
  synchronized GatewayResult resultOf(
      GatewayOperation operation, String idempotencyKey, Instant now) {
    LedgerOperation found = null;
    for (LedgerOperation op : operations) {
      if (op.idempotencyKey().equals(idempotencyKey)) {
        found = op;
        break;
      }
    }
    if (found == null) {
      return null;
    }
    switch (operation) {
      case AUTHORIZE:
      case PURCHASE:
      case COMPLETE_ACTION:
        if (!isPaymentLevel(found.operation())) {
          return null;
        }
        expireIfDue(now);
        return currentResult();
      case CAPTURE:
        return found.operation() != GatewayOperation.CAPTURE
            ? null
            : GatewayResult.captured(gatewayReference, found.amount())
                .withTransactionReference(found.transactionReference())
                .withRawStatus(rawStatus());
      case REFUND:
        return found.operation() != GatewayOperation.REFUND
            ? null
            : GatewayResult.refunded(gatewayReference, found.amount())
                .withTransactionReference(found.transactionReference())
                .withRawStatus(rawStatus());
      case CANCEL:
        return found.operation() != GatewayOperation.CANCEL
            ? null
            : GatewayResult.cancelled(gatewayReference)
                .withTransactionReference(found.transactionReference())
                .withRawStatus(rawStatus());
      default:
        return null;
    }
  }

  /** Whether the payment waits for 3-D Secure (and has not expired by {@code now}). */
  synchronized boolean awaitsAction(Instant now) {
    expireIfDue(now);
    return phase == Phase.REQUIRES_ACTION;
  }

  /** The idempotency keys of every operation, so an evicted record can release its keys. */
  synchronized List<String> idempotencyKeys() {
    List<String> keys = new ArrayList<>(operations.size());
    for (LedgerOperation op : operations) {
      keys.add(op.idempotencyKey());
    }
    return keys;
  }

  /** An atomic snapshot. */
  synchronized LedgerEntry snapshot(Instant now) {
    expireIfDue(now);
    return new LedgerEntry(
        gatewayReference,
        sequence,
        paymentId,
        reference,
        amount,
        captured,
        refunded,
        status(),
        purchase,
        charged,
        decline,
        authorizationKey,
        createdAt,
        operations);
  }

  private static boolean isPaymentLevel(GatewayOperation op) {
    return op == GatewayOperation.AUTHORIZE
        || op == GatewayOperation.PURCHASE
        || op == GatewayOperation.COMPLETE_ACTION;
  }

  private void approve() {
    phase = Phase.APPROVED;
    charged = true;
    if (purchase) {
      captured = amount;
      captureClosed = true;
    }
  }

  private void decline(DeclineCode code) {
    phase = Phase.DECLINED;
    decline = code.toDecline(gatewayId);
  }

  // Expiry is evaluated lazily, under the lock, whenever the record is touched: no timer thread.
  private void expireIfDue(Instant now) {
    if (phase == Phase.REQUIRES_ACTION && actionDeadline != null && !now.isBefore(actionDeadline)) {
      phase = Phase.EXPIRED;
    }
  }

  private GatewayResult.Type currentType() {
    switch (phase) {
      case REQUIRES_ACTION:
        return GatewayResult.Type.ACTION_REQUIRED;
      case DECLINED:
        return GatewayResult.Type.DECLINED;
      case CANCELLED:
        return GatewayResult.Type.CANCELLED;
      case EXPIRED:
        return GatewayResult.Type.EXPIRED;
      case APPROVED:
      default:
        return purchase ? GatewayResult.Type.CAPTURED : GatewayResult.Type.AUTHORIZED;
    }
  }

  private GatewayResult currentResult() {
    switch (phase) {
      case REQUIRES_ACTION:
        return GatewayResult.actionRequired(gatewayReference, nextAction)
            .withRawStatus(rawStatus());
      case DECLINED:
        return GatewayResult.declined(gatewayReference, decline).withRawStatus(rawStatus());
      case CANCELLED:
        return GatewayResult.cancelled(gatewayReference).withRawStatus(rawStatus());
      case EXPIRED:
        return GatewayResult.expired(gatewayReference).withRawStatus(rawStatus());
      case APPROVED:
      default:
        return (purchase
                ? GatewayResult.captured(gatewayReference, amount)
                : GatewayResult.authorized(gatewayReference, amount))
            .withRawStatus(rawStatus());
    }
  }

  private PaymentStatus status() {
    switch (phase) {
      case REQUIRES_ACTION:
        return PaymentStatus.REQUIRES_ACTION;
      case DECLINED:
        return PaymentStatus.DECLINED;
      case CANCELLED:
        return PaymentStatus.CANCELLED;
      case EXPIRED:
        return PaymentStatus.EXPIRED;
      case APPROVED:
      default:
        if (refunded.isPositive()) {
          return captureClosed && refunded.equals(captured)
              ? PaymentStatus.REFUNDED
              : PaymentStatus.PARTIALLY_REFUNDED;
        }
        if (captured.isZero()) {
          return PaymentStatus.AUTHORIZED;
        }
        return captureClosed ? PaymentStatus.CAPTURED : PaymentStatus.PARTIALLY_CAPTURED;
    }
  }

  private String rawStatus() {
    return RAW_STATUS[status().ordinal()];
  }

  /** Lower-case status names, computed once: results are built on every call. */
  private static final String[] RAW_STATUS = rawStatuses();

  private static String[] rawStatuses() {
    PaymentStatus[] statuses = PaymentStatus.values();
    String[] raw = new String[statuses.length];
    for (PaymentStatus s : statuses) {
      raw[s.ordinal()] = s.name().toLowerCase(Locale.ROOT);
    }
    return raw;
  }

  private void requireCurrency(Money requested, String operation) {
    if (!requested.currency().equals(amount.currency())) {
      throw GatewayException.rejected(
          gatewayId,
          operation
              + " in "
              + requested.currencyCode()
              + " does not match the payment's currency "
              + amount.currencyCode(),
          400,
          "currency_mismatch");
    }
  }

  private GatewayException invalidState(String operation, String why) {
    return GatewayException.rejected(
        gatewayId,
        "cannot " + operation + " payment " + gatewayReference + ": " + why,
        409,
        "invalid_state");
  }
}
