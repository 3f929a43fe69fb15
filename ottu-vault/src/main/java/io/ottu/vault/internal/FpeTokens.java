package io.ottu.vault.internal;

import io.ottu.CardNumbers;
import io.ottu.vault.VaultException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.fpe.FPEFF1Engine;
import org.bouncycastle.crypto.params.FPEParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Format-preserving tokens: NIST SP 800-38G FF1 (Bouncy Castle's {@link FPEFF1Engine}, radix 10,
 * AES-256) over the middle digits of the card number, keeping the leading digits and the last four,
 * so the token has the card's length, brand prefix and last four.
 *
 * <p>SP 800-38G Rev. 1 requires a domain of at least one million values (six decimal digits), and
 * Bouncy Castle enforces it. A 16- to 19-digit number keeps its six-digit BIN; a shorter one (15-
 * digit American Express, 14-digit Diners, 12- and 13-digit Maestro) keeps its first {@code length
 * − 10} digits, still enough to read the brand, so that six middle digits remain for FF1.
 *
 * <p>Every candidate is checked with the Luhn algorithm and discarded if it passes: every real card
 * number passes Luhn, so a token can never be mistaken for, or charged as, a card. Each attempt
 * uses a fresh random 64-bit tweak, so tokenizing the same card twice gives unrelated tokens (the
 * vault's fingerprint, not the token, is what links them). The vault never decrypts these tokens:
 * detokenization goes through the envelope-encrypted record, so the tweak is not kept. Thread-safe:
 * each call uses its own engine.
 */
public final class FpeTokens {
  /** How many leading digits a 16- to 19-digit number keeps. */
  public static final int KEPT_PREFIX = 6;

  /** The least number of digits FF1 may encrypt (10^6 values, per SP 800-38G Rev. 1). */
  public static final int MIN_MIDDLE = 6;

  private static final int RADIX = 10;
  private static final int TWEAK_LENGTH = 8;
  private static final int MAX_ATTEMPTS = 200;

  private final byte[] key;

  /**
   * Creates the generator with a 256-bit tokenization key, which it copies.
   *
   * @throws IllegalArgumentException unless the key has 32 bytes
   */
  public FpeTokens(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("the FF1 tokenization key has 32 bytes");
    }
    this.key = key.clone();
  }

  /** How many leading digits a number of {@code length} digits keeps. */
  public static int keptPrefix(int length) {
    return Math.min(KEPT_PREFIX, length - 4 - MIN_MIDDLE);
  }

  /**
   * One candidate token for the card number: FF1 under a random tweak, retried until the result
   * fails the Luhn check.
   *
   * @param pan the card number as ASCII digits, 12 to 19 long; not kept
   * @param random the source of tweaks
   * @return a digit string as long as the number, sharing its kept prefix and last four, failing
   *     Luhn
   */
  public String next(byte[] pan, SecureRandom random) {
    int n = pan.length;
    int head = keptPrefix(n);
    int middleLength = n - head - 4;
    byte[] middle = new byte[middleLength];
    byte[] encrypted = new byte[middleLength];
    byte[] tweak = new byte[TWEAK_LENGTH];
    char[] candidate = new char[n];
    FPEFF1Engine engine = new FPEFF1Engine();
    try {
      for (int i = 0; i < middleLength; i++) {
        middle[i] = (byte) (pan[head + i] - '0');
      }
      for (int i = 0; i < head; i++) {
        candidate[i] = (char) pan[i];
      }
      for (int i = n - 4; i < n; i++) {
        candidate[i] = (char) pan[i];
      }
      // About one candidate in ten passes Luhn; 200 in a row would take ~10^-200 luck.
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        random.nextBytes(tweak);
        engine.init(true, new FPEParameters(new KeyParameter(key), RADIX, tweak));
        engine.processBlock(middle, 0, middleLength, encrypted, 0);
        for (int i = 0; i < middleLength; i++) {
          candidate[head + i] = (char) ('0' + encrypted[i]);
        }
        if (!CardNumbers.luhnValid(candidate)) {
          return new String(candidate);
        }
      }
      throw new VaultException(
          "no Luhn-invalid format-preserving token after " + MAX_ATTEMPTS + " tries");
    } finally {
      Arrays.fill(middle, (byte) 0);
      Arrays.fill(encrypted, (byte) 0);
      Arrays.fill(candidate, '\0');
    }
  }
}
