package io.ottu.gateway.simulated;

import io.ottu.Decline;
import io.ottu.Money;
import io.ottu.PaymentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one payment in a {@link SimulatedGateway}'s ledger: what the gateway authorized,
 * captured and refunded under one gateway reference, and every operation it processed on it.
 * Immutable; taken atomically, so its amounts and operations are always consistent with each other.
 *
 * <p>The {@link #status()} is the gateway's view, expressed with the engine's {@link PaymentStatus}
 * so the two can be compared directly. It is one of {@code REQUIRES_ACTION}, {@code AUTHORIZED},
 * {@code PARTIALLY_CAPTURED}, {@code CAPTURED}, {@code PARTIALLY_REFUNDED}, {@code REFUNDED},
 * {@code CANCELLED}, {@code DECLINED} or {@code EXPIRED}; never {@code PENDING}, {@code UNKNOWN},
 * {@code FAILED} or {@code DISPUTED}, which only the engine knows.
 */
public final class LedgerEntry {
  private final String gatewayReference;
  private final long sequence;
  private final String paymentId;
  private final String reference;
  private final Money amount;
  private final Money captured;
  private final Money refunded;
  private final PaymentStatus status;
  private final boolean purchase;
  private final boolean charge;
  private final Decline decline;
  private final String authorizationKey;
  private final Instant createdAt;
  private final List<LedgerOperation> operations;

  LedgerEntry(
      String gatewayReference,
      long sequence,
      String paymentId,
      String reference,
      Money amount,
      Money captured,
      Money refunded,
      PaymentStatus status,
      boolean purchase,
      boolean charge,
      Decline decline,
      String authorizationKey,
      Instant createdAt,
      List<LedgerOperation> operations) {
    this.gatewayReference = gatewayReference;
    this.sequence = sequence;
    this.paymentId = paymentId;
    this.reference = reference;
    this.amount = amount;
    this.captured = captured;
    this.refunded = refunded;
    this.status = status;
    this.purchase = purchase;
    this.charge = charge;
    this.decline = decline;
    this.authorizationKey = authorizationKey;
    this.createdAt = createdAt;
    this.operations = List.copyOf(operations);
  }

  /** The gateway's id of the payment, {@code sim_<gateway id>_<n>}. */
  public String gatewayReference() {
    return gatewayReference;
  }

  /** Our payment id, from the authorization request. */
  public String paymentId() {
    return paymentId;
  }

  /** The host's reference, from the authorization request. */
  public String reference() {
    return reference;
  }

  /** The amount of the authorization or sale (also when it was declined or is awaiting 3DS). */
  public Money amount() {
    return amount;
  }

  /** The total captured so far; the whole amount for a sale. */
  public Money captured() {
    return captured;
  }

  /** The total refunded so far. */
  public Money refunded() {
    return refunded;
  }

  /** The gateway's status of the payment. */
  public PaymentStatus status() {
    return status;
  }

  /** Whether the payment was a sale (authorize and capture in one request). */
  public boolean purchase() {
    return purchase;
  }

  /**
   * Whether the gateway approved the authorization or sale, so the shopper's funds were reserved or
   * taken. Stays true after a cancel or refund: it records that a charge happened. Declined,
   * expired and unfinished 3-D Secure payments are not charges.
   */
  public boolean isCharge() {
    return charge;
  }

  /** Why the payment was declined, for {@link PaymentStatus#DECLINED}. */
  public Optional<Decline> decline() {
    return Optional.ofNullable(decline);
  }

  /** The idempotency key of the authorization or sale that created this payment. */
  public String authorizationKey() {
    return authorizationKey;
  }

  /** When the gateway created the payment, by its clock. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Every operation processed on the payment, oldest first; unmodifiable. */
  public List<LedgerOperation> operations() {
    return operations;
  }

  /** The ledger's creation order, used to list entries oldest first. */
  long sequence() {
    return sequence;
  }

  @Override
  public String toString() {
    return "LedgerEntry["
        + gatewayReference
        + " payment="
        + paymentId
        + " "
        + status
        + " amount="
        + amount
        + " captured="
        + captured
        + " refunded="
        + refunded
        + (decline == null ? "" : " decline=" + decline.reason() + "/" + decline.rawCode())
        + " operations="
        + operations.size()
        + "]";
  }
}
