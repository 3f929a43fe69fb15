package io.ottu;

/**
 * Normalized reasons a gateway or issuer declined a payment, so that routing, retries and reports
 * can treat "insufficient funds" the same whichever gateway said it. Each adapter maps its raw
 * codes to these through its decline table.
 */
public enum DeclineReason {
  /** Not enough balance or credit. */
  INSUFFICIENT_FUNDS(true),
  /** The issuer declined without a specific reason (do not honor, generic refusal). */
  DO_NOT_HONOR(false),
  /** The card has expired. */
  EXPIRED_CARD(true),
  /** The number, expiry or account is not valid at the issuer. */
  INVALID_CARD(true),
  /** The CVC did not match. */
  INCORRECT_CVC(true),
  /** The card was reported lost or stolen. */
  LOST_OR_STOLEN(true),
  /** The issuer or the gateway's risk system suspects fraud. */
  SUSPECTED_FRAUD(false),
  /** The card may not be used for this kind of transaction (restricted, not permitted). */
  RESTRICTED_CARD(true),
  /** Velocity or amount limits were exceeded. */
  LIMIT_EXCEEDED(true),
  /** The issuer requires strong customer authentication (3-D Secure). */
  AUTHENTICATION_REQUIRED(false),
  /** 3-D Secure authentication failed or was abandoned. */
  AUTHENTICATION_FAILED(true),
  /** The issuer could not be reached or timed out. */
  ISSUER_UNAVAILABLE(false),
  /** The gateway or acquirer had a processing error while handling the payment. */
  PROCESSING_ERROR(false),
  /** The amount is invalid for this card or acquirer. */
  INVALID_AMOUNT(false),
  /** The gateway or acquirer does not support this card or payment method. */
  NOT_SUPPORTED(false),
  /** The issuer asked for a voice referral; treated as a decline. */
  REFERRAL(false),
  /** The shopper cancelled (closed the bank or wallet page). */
  CANCELLED_BY_SHOPPER(true),
  /** The gateway's own risk rules blocked the payment. */
  BLOCKED_BY_GATEWAY(false),
  /** A decline the adapter could not map to anything more specific. */
  OTHER(false);

  private final boolean causedByCard;

  DeclineReason(boolean causedByCard) {
    this.causedByCard = causedByCard;
  }

  /**
   * Whether the decline is caused by the card or cardholder rather than by the gateway that carried
   * the payment. Routing does not hold such declines against a gateway's success rate: an expired
   * card is declined everywhere.
   */
  public boolean causedByCard() {
    return causedByCard;
  }
}
