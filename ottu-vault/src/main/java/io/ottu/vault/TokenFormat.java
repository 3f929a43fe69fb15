package io.ottu.vault;

/**
 * How the vault spells a token. Either way the token reveals nothing of the card beyond what {@link
 * CardToken} shows anyway, and detokenization always goes through the encrypted record.
 */
public enum TokenFormat {
  /**
   * {@code tok_} and 22 random base62 characters: about 131 bits of entropy, unrelated to the card.
   * The default, and the cheapest.
   */
  RANDOM,

  /**
   * A digit string shaped like the card number, for systems that need one: the same length, the
   * same leading digits (the six-digit BIN for 16- to 19-digit cards; the first {@code length − 10}
   * digits for shorter ones, which NIST SP 800-38G needs six middle digits to encrypt) and the same
   * last four. The middle digits are NIST SP 800-38G FF1 (Bouncy Castle, AES-256, radix 10) of the
   * card's middle digits under a random tweak, retried until the whole token fails the Luhn check.
   * Every real card number passes Luhn, so a token can never be mistaken for or charged as a card.
   */
  FORMAT_PRESERVING
}
