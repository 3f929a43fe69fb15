package io.ottu.gateway;

import java.time.Duration;
import java.util.Optional;

/**
 * A payment gateway, as the engine sees it. The built-in adapters in {@code ottu-gateways}
 * implement it, and so can a host for any gateway it needs: implement the operations the gateway
 * supports, declare them in {@link #capabilities()}, and run the gateway compatibility kit on it.
 *
 * <p>Every operation either returns a {@link GatewayResult} (approved, declined, action required,
 * pending) or throws a {@link GatewayException} whose {@link FailureClass} says what is known:
 *
 * <ul>
 *   <li>{@link FailureClass#NOT_SENT}: the request never left (connection refused, DNS, TLS);
 *   <li>{@link FailureClass#UNAVAILABLE}: the gateway said it did not process it (503, 429);
 *   <li>{@link FailureClass#UNKNOWN_OUTCOME}: sent, but no trustworthy answer (read timeout, reset
 *       after sending, 5xx without a guarantee, unparsable body);
 *   <li>{@link FailureClass#REJECTED}: our request or credentials were refused (4xx).
 * </ul>
 *
 * <p>Getting this right is what lets the engine retry and fail over without charging twice: when in
 * doubt, an adapter must say {@code UNKNOWN_OUTCOME}, never {@code NOT_SENT}. Adapters send {@code
 * idempotencyKey} through the gateway's idempotency mechanism on every state-changing call, never
 * retry on their own (the engine owns retries), and never log card data or secrets.
 *
 * <p>Implementations must be thread-safe: one instance serves every payment.
 */
public interface Gateway {
  /**
   * A unique, stable id for this gateway in the client, such as {@code stripe} or {@code knet-tap}.
   */
  String id();

  /** What this gateway can do. */
  GatewayCapabilities capabilities();

  /**
   * Authorizes the payment, or authorizes and captures it when {@link AuthorizeRequest#capture()}
   * is true.
   */
  GatewayResult authorize(AuthorizeRequest request);

  /** Captures an authorization in full or in part. */
  GatewayResult capture(CaptureRequest request);

  /** Releases an authorization. */
  GatewayResult cancel(CancelRequest request);

  /** Refunds captured funds in full or in part. */
  GatewayResult refund(RefundRequest request);

  /**
   * Finds out what happened to an operation, by our reference or the gateway's.
   *
   * @return the gateway's current answer, or empty when the gateway has no record of the operation
   *     (it never arrived, so it is safe to try again)
   * @throws GatewayException if the gateway could not be asked; {@link FailureClass#REJECTED} when
   *     this gateway cannot look payments up at all
   */
  Optional<GatewayResult> lookup(LookupRequest request);

  /** Finishes a payment after the shopper's action (3-D Secure, redirect). */
  GatewayResult completeAction(CompleteActionRequest request);

  /**
   * The longest any one call to this adapter can take, when the adapter bounds every call itself
   * (as an HTTP client's call timeout does, covering connect, write and read), and ends a call that
   * runs out of time with {@link FailureClass#UNKNOWN_OUTCOME} (or {@link FailureClass#NOT_SENT}
   * when nothing left).
   *
   * <p>Empty by default: the engine then bounds every call with the gateway's {@code
   * GatewayPolicy.timeout()} on a Failsafe {@code Timeout}, which interrupts the calling thread and
   * costs a scheduled task (and often a thread wake-up) per call. When present and no longer than
   * the policy's timeout, the engine trusts the adapter's own bound and runs no timer; a longer
   * bound is still cut at the policy's timeout. Declare it only if it holds for every operation,
   * however many requests the operation makes.
   *
   * @return the bound, or empty when the adapter does not bound its calls
   */
  default Optional<Duration> callTimeout() {
    return Optional.empty();
  }
}
