package io.ottu;

import java.util.Objects;

/**
 * What may be kept and shown about a card: brand, BIN (first six digits), last four digits and
 * expiry. Never the full number or the CVC. Immutable.
 *
 * @param brand the detected brand
 * @param bin the first six digits
 * @param last4 the last four digits
 * @param expiryMonth 1 to 12
 * @param expiryYear four digits
 */
public record CardSummary(
    CardBrand brand, String bin, String last4, int expiryMonth, int expiryYear) {

  /** Validates the parts. */
  public CardSummary {
    Objects.requireNonNull(brand, "brand");
    Objects.requireNonNull(bin, "bin");
    Objects.requireNonNull(last4, "last4");
    if (bin.length() != 6 || !digits(bin)) {
      throw new IllegalArgumentException("bin must be six digits");
    }
    if (last4.length() != 4 || !digits(last4)) {
      throw new IllegalArgumentException("last4 must be four digits");
    }
  }

  // A loop, not chars().allMatch(...): every payment's summary is built once, on the hot path.
  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return brand
        + " "
        + bin
        + "******"
        + last4
        + " "
        + String.format("%02d/%d", expiryMonth, expiryYear);
  }
}
