package io.ottu;

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
 */
public record Decline(
    DeclineReason reason, String rawCode, String message, boolean soft, String gatewayId) {

  /** Validates the parts. */
  public Decline {
    Objects.requireNonNull(reason, "reason");
    rawCode = rawCode == null ? "" : rawCode;
    message = message == null ? "" : message;
    gatewayId = gatewayId == null ? "" : gatewayId;
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
    return new Decline(reason, rawCode, message, soft, gatewayId);
  }
}
