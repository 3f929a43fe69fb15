package io.ottu.gateway.simulated;

import io.ottu.gateway.FailureClass;
import java.util.Optional;

/**
 * A fault that {@link SimulatedGateway} can inject into one operation call, one for every row of
 * the failure classification table (DESIGN §2) plus the timing and integrity faults an engine must
 * survive. Which fault a call gets is decided by a {@link FaultPlan} or by {@link
 * SimulatedGateway#injectFaults(Fault, int)}.
 *
 * <p>Two properties matter to a test: whether the simulated gateway <em>applied</em> the operation
 * (changed its ledger and stored the idempotency key), and what the caller sees. Only the faults
 * that apply the operation can ever cause a charge; those are exactly the ones that must end in
 * {@link FailureClass#UNKNOWN_OUTCOME} or in a normal answer, never in a class that allows
 * failover.
 */
public enum Fault {
  /** No fault: the call is processed and answered normally. */
  NONE(null, true),
  /**
   * The connection was refused: the gateway never saw the request. Throws {@link
   * FailureClass#NOT_SENT} at once, without latency. Nothing is applied or stored.
   */
  NOT_SENT(FailureClass.NOT_SENT, false),
  /**
   * The gateway answered 503 with a {@code Retry-After} (see {@link
   * SimulatedGateway.Builder#unavailableRetryAfter(java.time.Duration)}): it did not process the
   * request. Throws {@link FailureClass#UNAVAILABLE}. Nothing is applied or stored.
   */
  UNAVAILABLE(FailureClass.UNAVAILABLE, false),
  /**
   * The gateway answered 400 to a request it considered invalid. Throws {@link
   * FailureClass#REJECTED} with gateway code {@code simulated_invalid_request}. Nothing is applied
   * or stored.
   */
  REJECTED(FailureClass.REJECTED, false),
  /**
   * The gateway answered 401: our credentials were refused. Throws {@link FailureClass#REJECTED}
   * with {@link io.ottu.gateway.GatewayException#credentialsProblem()} true. Nothing is applied or
   * stored.
   */
  CREDENTIALS_REJECTED(FailureClass.REJECTED, false),
  /**
   * The request was sent but died on the way in (read timeout, connection reset): the caller cannot
   * know that nothing happened. Throws {@link FailureClass#UNKNOWN_OUTCOME}; nothing is applied or
   * stored, so a lookup answers empty and a retry with the same key processes it for the first
   * time.
   */
  LOST_BEFORE_PROCESSING(FailureClass.UNKNOWN_OUTCOME, false),
  /**
   * "Charged, then the response was lost": the operation is applied to the ledger and its result is
   * stored under the idempotency key, then the call throws {@link FailureClass#UNKNOWN_OUTCOME}. A
   * retry with the same key returns the original result without charging again, and a lookup finds
   * it.
   */
  PROCESSED_RESPONSE_LOST(FailureClass.UNKNOWN_OUTCOME, true),
  /**
   * The operation is applied, then the answer takes {@link
   * SimulatedGateway.Builder#slowResponseDelay(java.time.Duration)} longer than usual (through the
   * gateway's {@link Sleeper}) and arrives normally: the fault that exercises the caller's timeout.
   */
  SLOW(null, true),
  /**
   * The operation is applied and the gateway answers 200 with a body that cannot be parsed. Throws
   * {@link FailureClass#UNKNOWN_OUTCOME}; the result is stored under the idempotency key.
   */
  MALFORMED(FailureClass.UNKNOWN_OUTCOME, true),
  /**
   * The operation is applied as requested, but the answer reports an amount one minor unit larger
   * than the request's, to exercise the engine's integrity check. Only results that carry an amount
   * (authorized, captured, refunded) are altered; the stored result and the ledger keep the true
   * amount, so a retry with the same key returns the correct answer.
   */
  AMOUNT_MISMATCH(null, true);

  private final FailureClass failureClass;
  private final boolean applies;

  Fault(FailureClass failureClass, boolean applies) {
    this.failureClass = failureClass;
    this.applies = applies;
  }

  /**
   * The class of the {@link io.ottu.gateway.GatewayException} this fault throws, or empty when the
   * call answers with a result ({@link #NONE}, {@link #SLOW}, {@link #AMOUNT_MISMATCH}).
   */
  public Optional<FailureClass> failureClass() {
    return Optional.ofNullable(failureClass);
  }

  /**
   * Whether the simulated gateway applies the operation (changes its ledger and stores the
   * idempotency key) when this fault is injected.
   */
  public boolean applies() {
    return applies;
  }
}
