package io.ottu.vault.internal;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Random tokens: {@code tok_} followed by 22 base62 characters drawn uniformly (rejection sampling,
 * no modulo bias), 22 × log2(62) ≈ 131 bits of entropy. The token has no relation to the card at
 * all. Stateless and thread-safe.
 */
public final class RandomTokens {
  /** The prefix every random token starts with. */
  public static final String PREFIX = "tok_";

  /** Number of base62 characters after the prefix. */
  public static final int LENGTH = 22;

  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private RandomTokens() {}

  /** How many random bytes {@link #next(byte[], SecureRandom)} usually consumes. */
  public static final int POOL = 32;

  /** A new random token. */
  public static String next(SecureRandom random) {
    byte[] pool = new byte[POOL];
    random.nextBytes(pool);
    return next(pool, random);
  }

  /**
   * A new random token from {@code pool}, a buffer of fresh random bytes, which this overwrites. In
   * the rare case that rejection sampling uses it up, more bytes are drawn from {@code random}.
   */
  public static String next(byte[] pool, SecureRandom random) {
    char[] out = new char[PREFIX.length() + LENGTH];
    PREFIX.getChars(0, PREFIX.length(), out, 0);
    int filled = PREFIX.length();
    boolean fresh = true;
    while (filled < out.length) {
      if (!fresh) {
        random.nextBytes(pool);
      }
      fresh = false;
      for (int i = 0; i < pool.length && filled < out.length; i++) {
        int v = pool[i] & 0x3F; // six bits; 62 and 63 are rejected
        if (v < 62) {
          out[filled++] = ALPHABET[v];
        }
      }
    }
    Arrays.fill(pool, (byte) 0);
    return new String(out);
  }

  /** Whether {@code token} has the shape of a random token. */
  public static boolean looksLikeOne(String token) {
    if (token.length() != PREFIX.length() + LENGTH || !token.startsWith(PREFIX)) {
      return false;
    }
    for (int i = PREFIX.length(); i < token.length(); i++) {
      char c = token.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }
}
