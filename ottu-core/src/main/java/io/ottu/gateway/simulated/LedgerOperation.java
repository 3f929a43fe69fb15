package io.ottu.gateway.simulated;

import io.ottu.Money;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import java.time.Instant;
import java.util.Objects;

/**
 * One request that a {@link SimulatedGateway} processed on a payment: the authorization or sale
 * that created it, each capture, refund and cancel, and the completion of a 3-D Secure challenge.
 * Requests the gateway refused (over-capture, wrong state, injected faults that do not apply) are
 * not operations. Immutable.
 *
 * @param operation what was asked; an authorization with {@code capture} set is {@link
 *     GatewayOperation#PURCHASE}
 * @param outcome what the gateway answered
 * @param amount the amount the operation moved: the authorized amount for an authorization or sale,
 *     the captured or refunded amount, the released amount for a cancel, the payment's amount for a
 *     3-D Secure completion
 * @param idempotencyKey the key the request carried
 * @param transactionReference the gateway's id of this operation: the payment's gateway reference
 *     for an authorization, sale or completion, {@code <ref>_cap_<n>} for the n-th capture, {@code
 *     <ref>_ref_<n>} for the n-th refund, {@code <ref>_void} for a cancel
 * @param at when the gateway processed it, by its clock
 */
public record LedgerOperation(
    GatewayOperation operation,
    GatewayResult.Type outcome,
    Money amount,
    String idempotencyKey,
    String transactionReference,
    Instant at) {

  /** Validates that every part is present. */
  public LedgerOperation {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(transactionReference, "transactionReference");
    Objects.requireNonNull(at, "at");
  }
}
