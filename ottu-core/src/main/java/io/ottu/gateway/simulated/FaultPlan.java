package io.ottu.gateway.simulated;

import io.ottu.gateway.GatewayOperation;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;

/**
 * Decides, for each call to a {@link SimulatedGateway}, which {@link Fault} it suffers: the single
 * extension point for fault injection. Combine the built-in plans, or write one as a lambda that
 * looks at the {@link SimulatedCall} (operation, idempotency key, amount) and draws from {@link
 * SimulatedCall#random()} when it needs chance:
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.random(Map.of(
 *         Fault.NOT_SENT, 0.02,
 *         Fault.PROCESSED_RESPONSE_LOST, 0.01,
 *         Fault.UNAVAILABLE, 0.02))
 *     .onlyFor(GatewayOperation.AUTHORIZE, GatewayOperation.PURCHASE);
 * }</pre>
 *
 * <p>Implementations must be thread-safe and fast: the gateway asks the plan once per call, on the
 * caller's thread, with no lock held. The built-in plans are immutable except {@link
 * #sequence(Fault...)}, whose position is an atomic counter.
 */
@FunctionalInterface
public interface FaultPlan {
  /**
   * Decides the fault for one call.
   *
   * @param call the call about to be made
   * @return the fault to inject; {@link Fault#NONE} for a normal call, never null
   */
  Fault decide(SimulatedCall call);

  /**
   * A plan that chooses this plan's fault, or {@code next}'s when this plan says {@link
   * Fault#NONE}. Both plans are consulted on every call, so a random {@code next} draws the same
   * numbers whatever this plan decides.
   */
  default FaultPlan orElse(FaultPlan next) {
    Objects.requireNonNull(next, "next");
    return new FaultPlans.OrElse(this, next);
  }

  /**
   * A plan that applies this plan to the given operations only, and {@link Fault#NONE} to the rest.
   * An authorization with {@code capture} set is {@link GatewayOperation#PURCHASE}.
   *
   * @throws IllegalArgumentException if no operation is given
   */
  default FaultPlan onlyFor(GatewayOperation... operations) {
    Objects.requireNonNull(operations, "operations");
    if (operations.length == 0) {
      throw new IllegalArgumentException("operations: at least one operation is required");
    }
    return new FaultPlans.OnlyFor(this, EnumSet.of(operations[0], operations));
  }

  /** The plan that never injects a fault. */
  static FaultPlan none() {
    return FaultPlans.None.INSTANCE;
  }

  /** A plan that injects {@code fault} into every call. */
  static FaultPlan always(Fault fault) {
    return new FaultPlans.Always(Objects.requireNonNull(fault, "fault"));
  }

  /**
   * A plan that injects {@code fault} into each call with the given probability, drawing from
   * {@link SimulatedCall#random()}.
   *
   * @throws IllegalArgumentException if {@code probability} is not within 0 and 1
   */
  static FaultPlan withProbability(Fault fault, double probability) {
    return random(Map.of(Objects.requireNonNull(fault, "fault"), probability));
  }

  /**
   * A plan that injects each fault with its probability, drawing one number per call from {@link
   * SimulatedCall#random()}; with the remaining probability the call is normal. For example {@code
   * Map.of(Fault.NOT_SENT, 0.05, Fault.PROCESSED_RESPONSE_LOST, 0.01)} fails 5% of calls before
   * sending and loses the response of 1% after charging.
   *
   * @throws IllegalArgumentException if a probability is not within 0 and 1, if they add up to more
   *     than 1, or if {@link Fault#NONE} is given a probability
   */
  static FaultPlan random(Map<Fault, Double> probabilities) {
    return new FaultPlans.Random(probabilities);
  }

  /**
   * A plan that injects {@code faults[0]} into the first call it is asked about, {@code faults[1]}
   * into the second, and so on, then {@link Fault#NONE} for ever: a deterministic script for a
   * test. The position is shared by all threads (an atomic counter), so under concurrency the
   * script is followed in the order the calls reach the plan.
   */
  static FaultPlan sequence(Fault... faults) {
    Objects.requireNonNull(faults, "faults");
    for (int i = 0; i < faults.length; i++) {
      Objects.requireNonNull(faults[i], "faults[" + i + "]");
    }
    return new FaultPlans.Sequence(faults.clone());
  }
}
