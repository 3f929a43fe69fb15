package io.ottu;

/**
 * Card schemes, detected from the leading digits of a card number (the BIN / IIN ranges the schemes
 * publish). Detection is a routing and display aid, not a validation: an unrecognised number is
 * {@link #UNKNOWN}.
 */
public enum CardBrand {
  VISA,
  MASTERCARD,
  AMERICAN_EXPRESS,
  DISCOVER,
  JCB,
  UNIONPAY,
  DINERS_CLUB,
  MAESTRO,
  UNKNOWN;

  /**
   * Detects the brand from the leading digits of {@code pan}. Only the first eight digits are read;
   * separators must already be stripped.
   *
   * @param pan the card number (or at least its first six digits)
   * @return the brand, or {@link #UNKNOWN}
   */
  public static CardBrand detect(CharSequence pan) {
    if (pan == null || pan.length() < 6) {
      return UNKNOWN;
    }
    for (int i = 0; i < 6; i++) {
      if (!Character.isDigit(pan.charAt(i))) {
        return UNKNOWN;
      }
    }
    int p1 = digits(pan, 1);
    int p2 = digits(pan, 2);
    int p3 = digits(pan, 3);
    int p4 = digits(pan, 4);
    int p6 = digits(pan, 6);
    // Order matters where ranges overlap: the more specific range wins.
    if (p2 == 34 || p2 == 37) {
      return AMERICAN_EXPRESS;
    }
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39 || p4 == 3095) {
      return DINERS_CLUB;
    }
    if (p4 >= 3528 && p4 <= 3589) {
      return JCB;
    }
    if (p4 == 6011 || (p6 >= 622126 && p6 <= 622925) || (p3 >= 644 && p3 <= 649) || p2 == 65) {
      return DISCOVER;
    }
    if (p2 == 62 || p2 == 81) {
      return UNIONPAY;
    }
    if ((p2 >= 51 && p2 <= 55) || (p6 >= 222100 && p6 <= 272099)) {
      return MASTERCARD;
    }
    if (p1 == 4) {
      return VISA;
    }
    if (p2 == 50 || (p2 >= 56 && p2 <= 58) || p1 == 6) {
      return MAESTRO;
    }
    return UNKNOWN;
  }

  private static int digits(CharSequence pan, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = v * 10 + (pan.charAt(i) - '0');
    }
    return v;
  }
}
