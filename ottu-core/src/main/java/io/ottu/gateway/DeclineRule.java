package io.ottu.gateway;

import io.ottu.Decline;
import io.ottu.DeclineReason;
import java.util.Objects;

/**
 * One row of a {@link DeclineTable}: what a gateway's raw decline code means. Immutable.
 *
 * @param reason the normalized reason
 * @param soft whether another attempt (elsewhere, later, or with 3-D Secure) may succeed
 * @param action what the engine should do next
 */
public record DeclineRule(DeclineReason reason, boolean soft, DeclineAction action) {

  /**
   * Validates the row.
   *
   * @throws NullPointerException if {@code reason} or {@code action} is null
   * @throws IllegalArgumentException if a hard decline asks to cascade or step up
   */
  public DeclineRule {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(action, "action");
    if (!soft && action != DeclineAction.STOP) {
      throw new IllegalArgumentException("action: a hard decline can only STOP, not " + action);
    }
  }

  /** A hard decline: stop. */
  public static DeclineRule hard(DeclineReason reason) {
    return new DeclineRule(reason, false, DeclineAction.STOP);
  }

  /** A soft decline that may pass on another gateway: cascade. */
  public static DeclineRule soft(DeclineReason reason) {
    return new DeclineRule(reason, true, DeclineAction.CASCADE);
  }

  /** A soft decline that should not cascade (for example one the host only wants retried later). */
  public static DeclineRule softStop(DeclineReason reason) {
    return new DeclineRule(reason, true, DeclineAction.STOP);
  }

  /** A soft decline that the same gateway may approve with 3-D Secure. */
  public static DeclineRule stepUp3ds(DeclineReason reason) {
    return new DeclineRule(reason, true, DeclineAction.STEP_UP_3DS);
  }

  /**
   * The {@link Decline} this row describes for one response.
   *
   * @param rawCode the gateway's code, as received
   * @param message the gateway's message (never card data), or null
   * @param gatewayId the adapter's id
   */
  public Decline toDecline(String rawCode, String message, String gatewayId) {
    return new Decline(reason, rawCode, message, soft, gatewayId, action);
  }
}
