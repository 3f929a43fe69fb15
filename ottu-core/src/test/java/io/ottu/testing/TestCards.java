package io.ottu.testing;

import io.ottu.CardData;

/** The gateways' public test card numbers. */
public final class TestCards {
  private TestCards() {}

  /** Visa test card (Stripe, Adyen and others). */
  public static final String VISA = "4242424242424242";

  /** Mastercard test card. */
  public static final String MASTERCARD = "5555555555554444";

  /** American Express test card. */
  public static final String AMEX = "378282246310005";

  /** Every test PAN the suite uses, for log scans. */
  public static final String[] ALL = {
    VISA,
    MASTERCARD,
    AMEX,
    "4000000000000002",
    "4000000000009995",
    "4000000000003220",
    "5200828282828210",
    "6011111111111117",
    "3566002020360505",
    "4111111111111111"
  };

  /** A Visa test card expiring in 2034, with CVC 123. */
  public static CardData visa() {
    return CardData.builder().number(VISA).expiry(12, 2034).cvc("123").build();
  }

  /** A card with the given number, expiring in 2034, with CVC 737. */
  public static CardData card(String number) {
    return CardData.builder().number(number).expiry(3, 2034).cvc("737").build();
  }
}
