package io.ottu.metrics;

import io.ottu.Attempt;
import io.ottu.PaymentStatus;
import io.ottu.gateway.GatewayOperation;
import io.ottu.routing.CircuitState;
import java.time.Duration;

/**
 * Where the engine reports what it measures. Every method has a do-nothing default, like OkHttp's
 * {@code EventListener}; {@link #NONE} reports nothing. {@link MicrometerPaymentMetrics} records
 * them as Micrometer meters. Implementations must be thread-safe and must not block.
 */
public interface PaymentMetrics {
  /** Reports nothing. */
  PaymentMetrics NONE = new PaymentMetrics() {};

  /**
   * A payment operation finished.
   *
   * @param operation {@code authorize}, {@code purchase}, {@code capture}, {@code refund}, {@code
   *     cancel}, {@code complete_action}
   * @param status the payment's status afterwards
   * @param currency the payment's currency
   * @param took how long the operation took, end to end
   */
  default void paymentOperation(
      String operation, PaymentStatus status, String currency, Duration took) {}

  /** One call to a gateway ended with {@code outcome} after {@code took}. */
  default void gatewayCall(
      String gatewayId, GatewayOperation operation, Attempt.Outcome outcome, Duration took) {}

  /** A gateway's circuit breaker changed state. */
  default void circuitState(String gatewayId, CircuitState state) {}

  /** A payment listener threw. */
  default void listenerFailure() {}
}
