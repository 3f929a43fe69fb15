package io.ottu.vault.internal;

import io.ottu.CardNumbers;

/**
 * How a token is shown in logs and messages. Random tokens ({@code tok_...}) are shown whole: they
 * are the host's own references and carry no card data. Format-preserving tokens look like card
 * numbers (though they fail Luhn), so they are masked like one, to keep data-loss-prevention
 * scanners quiet and habits safe.
 */
public final class Tokens {
  private Tokens() {}

  /** The token as it may appear in a log line or an exception message. */
  public static String redact(String token) {
    if (token == null) {
      return "null";
    }
    if (token.length() > 64) {
      return token.substring(0, 16) + "...(" + token.length() + " chars)";
    }
    boolean digits = token.length() >= 12 && token.chars().allMatch(c -> c >= '0' && c <= '9');
    return digits ? CardNumbers.mask(token.toCharArray()) : token;
  }
}
