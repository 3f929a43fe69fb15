package io.ottu.gateway.simulated;

import io.ottu.Money;
import io.ottu.gateway.GatewayOperation;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One call to a {@link SimulatedGateway}, as a {@link FaultPlan} sees it when it decides which
 * {@link Fault} to inject. Immutable; carries no card data.
 *
 * @param gatewayId the id of the gateway being called
 * @param operation the operation; an authorization with {@code capture} set is {@link
 *     GatewayOperation#PURCHASE}
 * @param paymentId our payment id
 * @param reference the host's reference, or null when the request carried none (captures, refunds
 *     and cancels may omit it)
 * @param idempotencyKey the request's idempotency key
 * @param amount the amount of the request
 * @param random the random generator a plan should draw from, so that a {@link
 *     SimulatedGateway.Builder#seed(long) seeded} gateway is reproducible; it belongs to the
 *     calling thread and must not be kept or shared
 */
public record SimulatedCall(
    String gatewayId,
    GatewayOperation operation,
    String paymentId,
    String reference,
    String idempotencyKey,
    Money amount,
    RandomGenerator random) {

  /** Validates the parts that are always present. */
  public SimulatedCall {
    Objects.requireNonNull(gatewayId, "gatewayId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(paymentId, "paymentId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(random, "random");
  }

  /** The host's reference, if the request carried one. */
  public Optional<String> referenceOptional() {
    return Optional.ofNullable(reference);
  }
}
