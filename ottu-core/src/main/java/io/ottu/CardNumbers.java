package io.ottu;

/**
 * Checks and formatting for card numbers that every module shares: the Luhn check and masking.
 * Stateless and thread-safe.
 */
public final class CardNumbers {
  private CardNumbers() {}

  /**
   * Whether the digits pass the Luhn (mod 10) check. Non-digits make it fail.
   *
   * @param digits the card number, digits only
   */
  public static boolean luhnValid(char[] digits) {
    if (digits == null || digits.length == 0) {
      return false;
    }
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length - 1; i >= 0; i--) {
      int d = digits[i] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  /** As {@link #luhnValid(char[])}, for a string. */
  public static boolean luhnValid(CharSequence digits) {
    if (digits == null) {
      return false;
    }
    char[] chars = new char[digits.length()];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = digits.charAt(i);
    }
    return luhnValid(chars);
  }

  /**
   * Masks all but the first six and last four digits with {@code *}. Numbers shorter than 13 digits
   * keep only the last four.
   */
  public static String mask(char[] digits) {
    int n = digits.length;
    int keepHead = n >= 13 ? 6 : 0;
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(i < keepHead || i >= n - 4 ? digits[i] : '*');
    }
    return sb.toString();
  }
}
