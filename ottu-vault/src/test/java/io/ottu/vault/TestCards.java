package io.ottu.vault;

import io.ottu.CardBrand;
import io.ottu.CardData;
import java.util.List;

/**
 * Public gateway test card numbers (Stripe, Adyen, Checkout.com documentation) used across the
 * vault suite, and the CVCs the suite uses. {@link SuiteLogScanTest} scans every log for them.
 */
final class TestCards {
  static final String VISA = "4242424242424242";
  static final String VISA_DEBIT = "4000056655665556";
  static final String VISA_13 = "4222222222222";
  static final String MASTERCARD = "5555555555554444";
  static final String MASTERCARD_2_SERIES = "2223003122003222";
  static final String AMEX = "378282246310005";
  static final String DISCOVER = "6011111111111117";
  static final String DINERS = "3056930009020004";
  static final String DINERS_14 = "36227206271667";
  static final String JCB = "3566002020360505";
  static final String UNIONPAY = "6200000000000005";
  static final String UNIONPAY_19 = "6205500000000000004";
  static final String MAESTRO = "6759649826438453";

  /** The CVC the suite gives three-digit cards. */
  static final String CVC = "737";

  /** The CVC the suite gives American Express cards. */
  static final String AMEX_CVC = "7373";

  /** Every test number with its expected brand. */
  static final List<Object[]> ALL =
      List.of(
          new Object[] {VISA, CardBrand.VISA},
          new Object[] {VISA_DEBIT, CardBrand.VISA},
          new Object[] {VISA_13, CardBrand.VISA},
          new Object[] {MASTERCARD, CardBrand.MASTERCARD},
          new Object[] {MASTERCARD_2_SERIES, CardBrand.MASTERCARD},
          new Object[] {AMEX, CardBrand.AMERICAN_EXPRESS},
          new Object[] {DISCOVER, CardBrand.DISCOVER},
          new Object[] {DINERS, CardBrand.DINERS_CLUB},
          new Object[] {DINERS_14, CardBrand.DINERS_CLUB},
          new Object[] {JCB, CardBrand.JCB},
          new Object[] {UNIONPAY, CardBrand.UNIONPAY},
          new Object[] {UNIONPAY_19, CardBrand.UNIONPAY},
          new Object[] {MAESTRO, CardBrand.MAESTRO});

  private TestCards() {}

  static CardData card(String pan) {
    return CardData.builder().number(pan).expiry(12, 2030).build();
  }

  static CardData cardWithCvc(String pan, String cvc) {
    return CardData.builder()
        .number(pan)
        .expiry(12, 2030)
        .cvc(cvc)
        .holderName("Ada Lovelace")
        .build();
  }

  /** Appends the Luhn check digit to {@code body}. */
  static String withCheckDigit(String body) {
    for (int d = 0; d <= 9; d++) {
      String candidate = body + d;
      if (io.ottu.CardNumbers.luhnValid(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("unreachable");
  }
}
