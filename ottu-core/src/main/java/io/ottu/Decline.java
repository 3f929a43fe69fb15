package io.ottu;

import io.ottu.gateway.DeclineAction;
import java.util.Objects;

/**
 * Why a payment was declined: the normalized {@link DeclineReason}, the gateway's raw code and
 * message, and whether the decline is soft (another attempt, elsewhere or later, may pass) or hard
 * (the issuer said no for good). Immutable.
 *
 * @param reason the normalized reason
 * @param rawCode the gateway's own code, such as Stripe's {@code insufficient_funds}, Adyen's
 *     refusal reason code {@code 12}, Checkout.com's {@code 20051}
 * @param message the gateway's human-readable message, if any (never contains card data)
 * @param soft whether another attempt may succeed
 * @param gatewayId the gateway that declined
 * @param action what the engine does next: stop, cascade to the next gateway, or step up to 3-D
 *     Secure on the same gateway
 */
public record Decline(
    DeclineReason reason,
    String rawCode,
    String message,
    boolean soft,
    String gatewayId,
    DeclineAction action) {

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if a hard decline asks for anything but {@link
   *     DeclineAction#STOP}
   */
  public Decline {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(action, "action");
    rawCode = rawCode == null ? "" : rawCode;
    message = message == null ? "" : message;
    gatewayId = gatewayId == null ? "" : gatewayId;
    if (!soft && action != DeclineAction.STOP) {
      throw new IllegalArgumentException("action: a hard decline can only STOP, not " + action);
    }
  }

  /**
   * A decline whose action follows from the rest: a hard decline stops; a soft one asking for
   * authentication steps up to 3-D Secure; any other soft decline cascades.
   */
  public Decline(
      DeclineReason reason, String rawCode, String message, boolean soft, String gatewayId) {
    this(reason, rawCode, message, soft, gatewayId, defaultAction(reason, soft));
  }

  private static DeclineAction defaultAction(DeclineReason reason, boolean soft) {
    if (!soft) {
      return DeclineAction.STOP;
    }
    return reason == DeclineReason.AUTHENTICATION_REQUIRED
        ? DeclineAction.STEP_UP_3DS
        : DeclineAction.CASCADE;
  }

  /** A hard decline. */
  public static Decline hard(DeclineReason reason, String rawCode, String message) {
    return new Decline(reason, rawCode, message, false, "");
  }

  /** A soft decline. */
  public static Decline soft(DeclineReason reason, String rawCode, String message) {
    return new Decline(reason, rawCode, message, true, "");
  }

  /** Whether the issuer said no for good. */
  public boolean hard() {
    return !soft;
  }

  /** A copy attributed to {@code gatewayId}. */
  public Decline withGatewayId(String gatewayId) {
    return new Decline(reason, rawCode, message, soft, gatewayId, action);
  }

  /** A copy with another action (a host's override of the gateway's table). */
  public Decline withAction(DeclineAction action) {
    return new Decline(reason, rawCode, message, soft, gatewayId, action);
  }
}
