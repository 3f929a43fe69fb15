package io.ottu;

import io.ottu.gateway.GatewayOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One call to a gateway, and how it ended: the record that makes every retry and failover
 * explainable. Immutable.
 *
 * @param number the attempt's number within the payment, from 1
 * @param gatewayId the gateway called
 * @param operation the operation
 * @param gatewayIdempotencyKey the idempotency key sent
 * @param outcome how the call ended
 * @param detail a short explanation (gateway code, error message; never card data)
 * @param startedAt when the call started
 * @param duration how long it took
 */
public record Attempt(
    int number,
    String gatewayId,
    GatewayOperation operation,
    String gatewayIdempotencyKey,
    Outcome outcome,
    String detail,
    Instant startedAt,
    Duration duration) {

  /** How a gateway call ended. */
  public enum Outcome {
    /** Approved (authorized, captured, refunded, cancelled). */
    APPROVED,
    /** Declined by the issuer or gateway. */
    DECLINED,
    /** The shopper must act. */
    ACTION_REQUIRED,
    /** Accepted; answer later. */
    PENDING,
    /** Never reached the gateway. */
    NOT_SENT,
    /** The gateway said it did not process it. */
    UNAVAILABLE,
    /** Sent, no trustworthy answer. */
    UNKNOWN_OUTCOME,
    /** Our request or credentials were refused. */
    REJECTED,
    /** The answer contradicted the request (amount or currency): never treated as success. */
    INTEGRITY_FAILURE,
    /** A lookup found no record of the operation at the gateway. */
    NOT_FOUND
  }

  /** Validates. */
  public Attempt {
    Objects.requireNonNull(gatewayId, "gatewayId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    detail = detail == null ? "" : detail;
  }
}
