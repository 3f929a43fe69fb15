package io.ottu;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One money movement on a payment, as the gateway saw it: the authorization (or sale), each
 * capture, each refund, the cancellation, a dispute. Immutable; a changed transaction is a new
 * value with the same {@link #id()}.
 *
 * @param id our id for the transaction, unique within the payment
 * @param type what the movement is
 * @param status where it stands
 * @param amount its amount
 * @param gatewayId the gateway that carried it
 * @param gatewayReference the gateway's id for it (the payment's, or the capture's or refund's own)
 * @param idempotencyKey the host's idempotency key for the operation, or null
 * @param gatewayIdempotencyKey the key sent to the gateway
 * @param createdAt when it started
 * @param updatedAt when it last changed
 */
public record Transaction(
    String id,
    Type type,
    Status status,
    Money amount,
    String gatewayId,
    String gatewayReference,
    String idempotencyKey,
    String gatewayIdempotencyKey,
    Instant createdAt,
    Instant updatedAt) {

  /** Kinds of money movement. */
  public enum Type {
    /** Funds reserved. */
    AUTHORIZATION,
    /** Funds authorized and captured in one step. */
    SALE,
    /** Authorized funds taken. */
    CAPTURE,
    /** Captured funds returned. */
    REFUND,
    /** An authorization released. */
    CANCEL,
    /** A chargeback opened by the cardholder's bank. */
    DISPUTE
  }

  /** Where a transaction stands. */
  public enum Status {
    /** Sent or about to be sent; the amount is reserved against the payment's limits. */
    PENDING,
    /** The gateway confirmed it. */
    SUCCEEDED,
    /** Declined by the issuer or gateway. */
    DECLINED,
    /** Known not to have happened (rejected, not sent). */
    FAILED,
    /** Sent, outcome not known; the payment takes no new operation until a lookup settles it. */
    UNKNOWN
  }

  /** Validates. */
  public Transaction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The gateway's id for the transaction, if known. */
  public Optional<String> gatewayReferenceOptional() {
    return Optional.ofNullable(gatewayReference);
  }

  /** Whether the transaction still reserves its amount (pending, or of unknown outcome). */
  public boolean isOpen() {
    return status == Status.PENDING || status == Status.UNKNOWN;
  }

  /** A copy with a new status, gateway reference (kept if null) and update time. */
  public Transaction with(Status newStatus, String newGatewayReference, Instant at) {
    return new Transaction(
        id,
        type,
        newStatus,
        amount,
        gatewayId,
        newGatewayReference != null ? newGatewayReference : gatewayReference,
        idempotencyKey,
        gatewayIdempotencyKey,
        createdAt,
        at);
  }
}
